import type { JsonValue } from './chain';

/** What a redacted value is stored as: the field is named, its value is not. */
export const REDACTED = '[redacted]';

/**
 * The changes of an entry: every field is named, but only values of fields listed in `clearFields`
 * (identifiers, statuses, colours: nothing about a person) are kept; all others become `[redacted]`.
 * An allow-list, so a new personal field is redacted until someone decides otherwise. Nested objects
 * are flattened to dotted paths (`branding.primaryColor`).
 */
export function redactedChanges(
  fields: Record<string, unknown>,
  clearFields: readonly string[] = [],
): { [key: string]: JsonValue } {
  const changes: { [key: string]: JsonValue } = {};
  const visit = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
      return;
    }
    if (value === undefined) return;
    changes[path] = clearFields.includes(path) ? toJson(value) : REDACTED;
  };
  visit(fields, '');
  return changes;
}

function toJson(value: unknown): JsonValue {
  if (value instanceof Date) return value.toISOString();
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as JsonValue;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
