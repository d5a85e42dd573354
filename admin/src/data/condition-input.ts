// A rule's condition tree (the API's one condition language: simple fields that must all hold, and nested
// `all` / `any` lists, at most 3 levels) from the form's values to the API's input, at every level alike.

/** The simple conditions of one level, as the API names them. */
export const listConditions = [
  'descriptionContains',
  'counterpartyContains',
  'merchantContains',
  'mcc',
  'sourceCodes',
] as const;
export const textConditions = ['minAmountMinor', 'maxAmountMinor', 'currency', 'direction'] as const;
export const joins = ['all', 'any'] as const;
export type Join = (typeof joins)[number];

/** One level as the form holds it: list conditions may still be comma-separated text while typed. */
export type ConditionValues = Partial<
  Record<(typeof listConditions)[number], string | readonly string[] | null> &
    Record<(typeof textConditions)[number], string | null> &
    Record<Join, ConditionValues[] | null>
>;

/** A list condition as the form holds it (comma-separated text while typed) or as the API sent it. */
export function listValues(value: string | readonly string[] | null | undefined): string[] {
  const values = typeof value === 'string' ? value.split(',') : (value ?? []);
  return values.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * One level and its nested ones as the API's input: empty texts and lists are left out; a nested list is
 * sent as it is, even empty (the API then names the group that needs a condition, at its path).
 */
export function conditionsInput(given: ConditionValues | null | undefined): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  for (const field of listConditions) {
    const values = listValues(given?.[field]);
    if (values.length > 0) conditions[field] = values;
  }
  for (const field of textConditions) {
    const raw = given?.[field];
    const value = typeof raw === 'string' ? raw.trim() : undefined;
    if (value) conditions[field] = value;
  }
  for (const join of joins) {
    const children = given?.[join];
    if (Array.isArray(children)) conditions[join] = children.map((child) => conditionsInput(child));
  }
  return conditions;
}
