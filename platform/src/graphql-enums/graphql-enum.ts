import { type EnumOptions, registerEnumType } from '@nestjs/graphql';

/**
 * A GraphQL enum, declared and registered in one place: `values` maps each GraphQL name to the value code
 * and the service use (`{ ACTIVE: 'active' }`; the same text when they agree). The frozen object returned
 * is what `@Field(() => X)` and `@Args({ type: () => X })` take and what code reads (`X.ACTIVE`); declare
 * its values' type beside it with `EnumValue`:
 *
 * ```ts
 * export const RecommendationStatusValue = graphqlEnum('RecommendationStatus', { ACTIVE: 'active' });
 * export type RecommendationStatusValue = EnumValue<typeof RecommendationStatusValue>;
 * ```
 *
 * `description` documents the type; `valueDescriptions` single values (both end up in the schema).
 */
export function graphqlEnum<const T extends Readonly<Record<string, string>>>(
  name: string,
  values: T,
  options: { description?: string; valueDescriptions?: { readonly [K in keyof T]?: string } } = {},
): T {
  const frozen = Object.freeze({ ...values });
  const valuesMap: Record<string, { description: string }> = {};
  for (const [key, description] of Object.entries(options.valueDescriptions ?? {}) as [string, string?][]) {
    if (description !== undefined) valuesMap[key] = { description };
  }
  registerEnumType(frozen, {
    name,
    description: options.description,
    valuesMap: valuesMap as EnumOptions<T>['valuesMap'],
  });
  return frozen;
}

/** The values of an enum made by `graphqlEnum` (what a field of that type holds). */
export type EnumValue<T extends Readonly<Record<string, string>>> = T[keyof T];
