import type { MongoQuery } from '@casl/ability';
import { permittedFieldsOf, rulesToCondition } from '@casl/ability/extra';
import type { Action, AppAbility, SubjectType } from './abilities';
import { currentAbility } from './abilities';

/** A Mongo-style condition, which MikroORM accepts as a where-clause (`$and`, `$or`, `$not`, operators). */
export type WhereCondition = Record<string, unknown>;

/**
 * The rows of `subjectType` the ability allows `action` on, as one where-clause: each `can` rule is a
 * branch of an `$or`, bounded by the `cannot` rules above it (CASL 7's `rulesToCondition`). `null` means
 * no row at all; `{}` means every row (left to the ORM's tenant filter and row-level security).
 */
export function conditionsFor(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
): WhereCondition | null {
  return rulesToCondition(
    ability.rulesFor(action, subjectType),
    (rule): WhereCondition => {
      const conditions = (rule.conditions ?? {}) as MongoQuery;
      return rule.inverted ? { $not: conditions } : (conditions as WhereCondition);
    },
    {
      and: (conditions) => ({ $and: conditions }),
      or: (conditions) => (conditions.length === 1 ? conditions[0]! : { $or: conditions }),
      empty: () => ({}),
    },
  );
}

/** `conditionsFor` with the current request's ability. */
export function accessibleWhere(action: Action, subjectType: SubjectType): WhereCondition | null {
  return conditionsFor(currentAbility(), action, subjectType);
}

/** Fields of `subjectType` the current caller may `action` (the union over their rules). */
export function permittedFields(
  action: Action,
  subjectType: SubjectType,
  allFields: readonly string[],
): string[] {
  return permittedFieldsOf(currentAbility(), action, subjectType, {
    fieldsFrom: (rule) => rule.fields ?? [...allFields],
  });
}
