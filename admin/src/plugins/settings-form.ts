// A plugin's settings as a form: one input per top-level property of its settings schema (JSON Schema draft-07,
// see the plugin SDK), typed by the property's schema; what a simple input cannot hold (an object, a list) is
// edited as JSON text. The API validates the whole object against the schema again (and runs the plugin's own
// checks), so this only turns inputs into values and catches what cannot even be sent.

/** How a setting is entered. */
export type SettingKind = 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'json' | 'secret';

export interface SettingField {
  name: string;
  kind: SettingKind;
  required: boolean;
  description: string | null;
  /** `choice` only: the allowed values. */
  choices: readonly string[];
}

/** Form state per setting: the input's text (`boolean`: '', 'true' or 'false'). */
export type SettingValues = Record<string, string>;

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  writeOnly?: boolean;
}

/** The inputs for a version's settings schema (JSON text), in the schema's order. */
export function settingFields(schemaText: string, secretSettings: readonly string[]): SettingField[] {
  const schema = JSON.parse(schemaText) as {
    properties?: Record<string, PropertySchema>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    kind: kindOf(property, secretSettings.includes(name)),
    required: schema.required?.includes(name) ?? false,
    description: property.description ?? null,
    choices:
      property.enum?.every((value) => typeof value === 'string') === true ? (property.enum as string[]) : [],
  }));
}

function kindOf(property: PropertySchema, secret: boolean): SettingKind {
  if (secret || property.writeOnly === true) return 'secret';
  if (property.enum?.every((value) => typeof value === 'string') === true) return 'choice';
  switch (property.type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

/** The form's starting values from an installation's non-secret settings (JSON text); secrets start empty. */
export function initialValues(fields: readonly SettingField[], settingsText: string | null): SettingValues {
  const settings = settingsText ? (JSON.parse(settingsText) as Record<string, unknown>) : {};
  return Object.fromEntries(
    fields.map((field) => {
      const value = settings[field.name];
      if (value === undefined || field.kind === 'secret') return [field.name, ''];
      if (field.kind === 'json') return [field.name, JSON.stringify(value, null, 2)];
      return [field.name, String(value)];
    }),
  );
}

/**
 * Settings to send from the form: an empty input is a setting left out (a secret left empty keeps its stored
 * value; one in `removeSecrets` is sent as null, which removes it). Problems: what cannot be turned into a
 * value (a number that is not one, JSON that does not parse), by setting name.
 */
export function settingsFromValues(
  fields: readonly SettingField[],
  values: Readonly<SettingValues>,
  removeSecrets: ReadonlySet<string> = new Set(),
): { settings: Record<string, unknown>; problems: Record<string, string> } {
  const settings: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    if (field.kind === 'secret' && removeSecrets.has(field.name)) {
      settings[field.name] = null;
      continue;
    }
    const text = values[field.name] ?? '';
    if (text.trim() === '') continue;
    switch (field.kind) {
      case 'number':
      case 'integer': {
        const value = Number(text.trim());
        if (!Number.isFinite(value)) problems[field.name] = 'must be a number';
        else if (field.kind === 'integer' && !Number.isInteger(value))
          problems[field.name] = 'must be a whole number';
        else settings[field.name] = value;
        break;
      }
      case 'boolean':
        settings[field.name] = text === 'true';
        break;
      case 'json':
        try {
          settings[field.name] = JSON.parse(text) as unknown;
        } catch {
          problems[field.name] = 'must be JSON (e.g. {"maxAttempts": 4})';
        }
        break;
      default:
        settings[field.name] = text;
    }
  }
  return { settings, problems };
}

/**
 * The API's problems with settings (`settings.retry.maxAttempts`, `settings`) by the top-level setting they
 * belong to, a nested path kept in the words ("maxAttempts: must be <= 10"); problems with the settings as a
 * whole under ''.
 */
export function problemsBySetting(
  problems: readonly { field: string; problem: string }[],
): Record<string, string> {
  const bySetting: Record<string, string> = {};
  for (const { field, problem } of problems) {
    const path = field.replace(/^settings\.?/, '');
    if (field !== 'settings' && !field.startsWith('settings.')) {
      bySetting[''] ??= `${field} ${problem}`;
      continue;
    }
    const [name = '', ...rest] = path.split('.');
    bySetting[name] ??= rest.length > 0 ? `${rest.join('.')}: ${problem}` : problem;
  }
  return bySetting;
}
