// The and/or editor's operations on a rule's condition tree, as the form stores it (the API's shape, so the
// API's problem paths such as `conditions.any[1].mcc` name the form's inputs): a level's nested group is
// its `all` or `any` list; switching moves the list to the other key; groups nest to the API's 3 levels.
import type { ConditionValues, Join } from '../data/condition-input.ts';

/** The API's deepest level (the rule's own conditions are level 1). */
export const maxDepth = 3;

/** The level's nested group, if it has one (`all` before `any` when, from the API, it has both). */
export function groupOf(
  node: ConditionValues | null | undefined,
): { join: Join; items: ConditionValues[] } | null {
  if (Array.isArray(node?.all)) return { join: 'all', items: node.all };
  if (Array.isArray(node?.any)) return { join: 'any', items: node.any };
  return null;
}

/** The same level with its group under the other join. */
export function switchJoin(node: ConditionValues, to: Join): ConditionValues {
  const group = groupOf(node);
  if (!group || group.join === to) return node;
  const { [group.join]: _moved, ...rest } = node;
  return { ...rest, [to]: group.items };
}

/** A group item is a sub-group when it holds only a nested list (the editor's "group" rows). */
export function isSubGroup(node: ConditionValues): boolean {
  return groupOf(node) !== null;
}

export const emptyCondition = (): ConditionValues => ({});
/** A new sub-group: "any of" with one empty condition to fill in. */
export const emptyGroup = (): ConditionValues => ({ any: [{}] });

/** The form path of a level (`conditions`, `conditions.any.1`) and of one of its fields. */
export const itemPath = (groupPath: string, index: number) => `${groupPath}.${index}`;
