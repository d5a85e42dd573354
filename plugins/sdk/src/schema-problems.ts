/**
 * Ajv's errors said for people, with JSON paths: the manifest and the product catalogue validate their
 * shapes with JSON Schema and report each error the same way, in their own words where they differ.
 */
import type { ErrorObject } from 'ajv';

/** One problem: `path` is a JSON path (`$.capabilities[1]`, `$[2].fees[0]`), `message` says what is wrong. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/** The words that differ between documents. */
export interface ProblemWording {
  /** For a property the schema does not allow ("is not a manifest field; remove it"). */
  readonly unknownProperty: string;
  /** For a value failing a `pattern` or `format`, by the name of the property that holds it. */
  readonly malformed: (property: string) => string | undefined;
  /** For a document that is not even of the right type ("a manifest must be a JSON object"). */
  readonly wrongDocument: string;
}

/** `/permissions/hosts/0` → `$.permissions.hosts[0]`. */
export function jsonPath(pointer: string, base = '$'): string {
  if (!pointer) return base;
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^[0-9]+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`), base);
}

/** One Ajv error (of an Ajv built with `verbose: true`, so enum errors carry the refused value). */
export function schemaProblem(error: ErrorObject, wording: ProblemWording): SchemaProblem {
  const path = jsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}.${String(params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${path}.${String(params.additionalProperty)}`, message: wording.unknownProperty };
    case 'enum':
      return {
        path,
        message: `${JSON.stringify(error.data)} is not one of ${(params.allowedValues as string[]).join(', ')}`,
      };
    case 'pattern':
    case 'format': {
      const property = error.instancePath
        .split('/')
        .filter((part) => !/^[0-9]+$/.test(part))
        .at(-1);
      return { path, message: wording.malformed(property ?? '') ?? error.message ?? 'is malformed' };
    }
    case 'type':
      return { path, message: path === '$' ? wording.wrongDocument : `must be ${String(params.type)}` };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}
