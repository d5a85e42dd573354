/**
 * Validates HTTP requests and responses against an OpenAPI 3.0 document: the operation (method and
 * path template), its path, query and header parameters, the request body and, per status code, the
 * response's declared headers and body. Schemas are compiled by pointer into the document itself
 * (Ajv resolves the document's own `$ref`s), so nothing of the specification is copied or rewritten.
 *
 * Stricter than OpenAPI on one point, on purpose: a query parameter the operation does not define is
 * an error (it catches a client's misspelt `datefrom`, which a real ASPSP would silently ignore).
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

const documentId = 'openapi.json';
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** JSON pointer of the parameter's schema inside the document. */
  readonly schemaPointer: string;
  readonly type: string | undefined;
}

export interface Operation {
  readonly operationId: string;
  readonly method: string;
  /** The path template as the document writes it, e.g. `/v1/accounts/{account-id}`. */
  readonly template: string;
  readonly pattern: RegExp;
  readonly pathParameterNames: readonly string[];
  readonly pointer: string;
}

export interface RequestToValidate {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly contentType?: string;
  /** The parsed JSON body, or undefined when the request had none. */
  readonly body?: unknown;
}

export interface ResponseToValidate {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly contentType?: string;
  readonly body?: unknown;
}

function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function pointerOf(...segments: readonly string[]): string {
  return segments.map((segment) => `/${escapePointerSegment(segment)}`).join('');
}

function formatErrors(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (error) => `${where}${error.instancePath ? ` ${error.instancePath}` : ''}: ${error.message ?? 'invalid'}`,
  );
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  private readonly document: Json;

  constructor(document: Json) {
    this.document = toDraft07(document) as Json;
    // The document is not itself a JSON Schema: skip meta-validation; OpenAPI keywords such as
    // `example` and `discriminator` are annotations here (strict off), `nullable` is understood by Ajv.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    // The NextGenPSD2 file uses `format: url` for Location headers.
    this.ajv.addFormat('url', (value: string) => URL.canParse(value));
    this.ajv.addSchema(this.document, documentId);

    const paths = (this.document.paths ?? {}) as Record<string, Json>;
    for (const [template, item] of Object.entries(paths)) {
      const pathParameterNames: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          if (part.startsWith('{') && part.endsWith('}')) {
            pathParameterNames.push(part.slice(1, -1));
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      for (const method of methods) {
        const operation = item[method] as Json | undefined;
        if (!operation) continue;
        this.operations.push({
          operationId: String(operation.operationId ?? `${method} ${template}`),
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          pathParameterNames,
          pointer: pointerOf('paths', template, method),
        });
      }
    }
    // Literal segments beat parameters: `/v1/consents/{consentId}/status` before a generic match.
    this.operations.sort((a, b) => a.pathParameterNames.length - b.pathParameterNames.length);
  }

  static fromFile(file: string): OpenApiValidator {
    return new OpenApiValidator(parse(readFileSync(file, 'utf8')) as Json);
  }

  /** The value at a JSON pointer, following `$ref`s on the way. */
  private resolve(pointer: string): unknown {
    let node: unknown = this.document;
    for (const raw of pointer.split('/').slice(1)) {
      node = this.deref(node);
      const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Json | undefined)?.[segment];
    }
    return this.deref(node);
  }

  private deref(node: unknown): unknown {
    let current = node;
    for (let depth = 0; depth < 20; depth++) {
      const ref = (current as Json | undefined)?.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#/')) return current;
      current = this.resolve(ref.slice(1));
    }
    throw new Error('Too deep a $ref chain in the OpenAPI document.');
  }

  /** Pointer of the object at `pointer` after following its `$ref` (so compiled schemas are shared). */
  private canonical(pointer: string): string {
    const node = this.resolveShallow(pointer);
    const ref = (node as Json | undefined)?.$ref;
    return typeof ref === 'string' && ref.startsWith('#/') ? this.canonical(ref.slice(1)) : pointer;
  }

  private resolveShallow(pointer: string): unknown {
    const segments = pointer.split('/').slice(1);
    const parent = segments.length > 1 ? this.resolve(`/${segments.slice(0, -1).join('/')}`) : this.document;
    const last = (segments.at(-1) ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
    return (parent as Json | undefined)?.[last];
  }

  private validator(schemaPointer: string): ValidateFunction {
    let validate = this.compiled.get(schemaPointer);
    if (!validate) {
      const fragment = schemaPointer.split('/').map(encodeURIComponent).join('/');
      validate = this.ajv.compile({ $ref: `${documentId}#${fragment}` });
      this.compiled.set(schemaPointer, validate);
    }
    return validate;
  }

  private parameters(operation: Operation): Parameter[] {
    const pathItemPointer = operation.pointer.split('/').slice(0, -1).join('/');
    const result = new Map<string, Parameter>();
    for (const ownerPointer of [pathItemPointer, operation.pointer]) {
      const list = (this.resolve(`${ownerPointer}/parameters`) as unknown[] | undefined) ?? [];
      list.forEach((_, index) => {
        const pointer = this.canonical(`${ownerPointer}/parameters/${index}`);
        const parameter = this.resolve(pointer) as Json;
        const schemaPointer = this.canonical(`${pointer}/schema`);
        const schema = this.resolve(schemaPointer) as Json | undefined;
        const entry: Parameter = {
          name: String(parameter.name),
          in: parameter.in as Parameter['in'],
          required: parameter.required === true,
          schemaPointer,
          type: typeof schema?.type === 'string' ? schema.type : undefined,
        };
        // Header names are case-insensitive; an operation-level definition overrides the path level.
        const key = `${entry.in}:${entry.in === 'header' ? entry.name.toLowerCase() : entry.name}`;
        result.set(key, entry);
      });
    }
    return [...result.values()];
  }

  /** The operation a method and path address, with its path parameters. */
  match(
    method: string,
    path: string,
  ): { operation: Operation; pathParameters: Record<string, string> } | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method.toUpperCase()) continue;
      const match = operation.pattern.exec(path);
      if (!match) continue;
      const pathParameters: Record<string, string> = {};
      operation.pathParameterNames.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { operation, pathParameters };
    }
    return undefined;
  }

  /** Every way the request breaks the document; empty when it conforms. */
  validateRequest(request: RequestToValidate): { operation?: Operation; errors: string[] } {
    const matched = this.match(request.method, request.path);
    if (!matched) return { errors: [`${request.method} ${request.path} is not an operation of the API`] };
    const { operation, pathParameters } = matched;
    const errors: string[] = [];
    const headers = lowerCaseKeys(request.headers);
    const parameters = this.parameters(operation);

    for (const parameter of parameters) {
      let raw: string | undefined;
      if (parameter.in === 'path') raw = pathParameters[parameter.name];
      else if (parameter.in === 'query') raw = request.query.get(parameter.name) ?? undefined;
      else if (parameter.in === 'header') raw = headers[parameter.name.toLowerCase()];
      else continue;
      const where = `${parameter.in} parameter ${parameter.name}`;
      if (raw === undefined) {
        if (parameter.required) errors.push(`${where} is required`);
        continue;
      }
      const validate = this.validator(parameter.schemaPointer);
      if (!validate(coerce(raw, parameter.type))) errors.push(...formatErrors(where, validate.errors));
    }
    const known = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of new Set(request.query.keys())) {
      if (!known.has(name))
        errors.push(`query parameter ${name} is not defined for ${operation.operationId}`);
    }

    const bodyPointer = this.canonical(`${operation.pointer}/requestBody`);
    const requestBody = this.resolve(bodyPointer) as Json | undefined;
    if (requestBody) {
      const content = (requestBody.content ?? {}) as Json;
      if (request.body === undefined) {
        if (requestBody.required === true) errors.push(`request body is required`);
      } else {
        const mediaType = mediaTypeOf(request.contentType);
        if (!mediaType || !(mediaType in content)) {
          errors.push(
            `request Content-Type ${mediaType ?? '(none)'} is not one of ${Object.keys(content).join(', ')}`,
          );
        } else {
          const validate = this.validator(
            this.canonical(`${bodyPointer}${pointerOf('content', mediaType, 'schema')}`),
          );
          if (!validate(request.body)) errors.push(...formatErrors('request body', validate.errors));
        }
      }
    } else if (request.body !== undefined) {
      errors.push(`${operation.operationId} takes no request body`);
    }
    return { operation, errors };
  }

  /** Every way a response to `operation` breaks the document; empty when it conforms. */
  validateResponse(operation: Operation, response: ResponseToValidate): string[] {
    const responses = (this.resolve(`${operation.pointer}/responses`) ?? {}) as Json;
    const key =
      String(response.status) in responses
        ? String(response.status)
        : 'default' in responses
          ? 'default'
          : undefined;
    if (!key) return [`status ${response.status} is not a declared response of ${operation.operationId}`];
    const responsePointer = this.canonical(`${operation.pointer}/responses/${key}`);
    const declared = this.resolve(responsePointer) as Json;
    const errors: string[] = [];
    const headers = lowerCaseKeys(response.headers);

    const declaredHeaders = (declared.headers ?? {}) as Json;
    for (const name of Object.keys(declaredHeaders)) {
      const headerPointer = this.canonical(`${responsePointer}${pointerOf('headers', name)}`);
      const header = this.resolve(headerPointer) as Json;
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required === true) errors.push(`response header ${name} is required`);
        continue;
      }
      const validate = this.validator(this.canonical(`${headerPointer}/schema`));
      const type = (this.resolve(this.canonical(`${headerPointer}/schema`)) as Json | undefined)?.type;
      if (!validate(coerce(value, typeof type === 'string' ? type : undefined))) {
        errors.push(...formatErrors(`response header ${name}`, validate.errors));
      }
    }

    const content = declared.content as Json | undefined;
    if (!content) {
      if (response.body !== undefined)
        errors.push(`status ${response.status} of ${operation.operationId} has no body`);
      return errors;
    }
    const mediaType = mediaTypeOf(response.contentType);
    if (!mediaType || !(mediaType in content)) {
      errors.push(
        `response Content-Type ${mediaType ?? '(none)'} is not one of ${Object.keys(content).join(', ')}`,
      );
      return errors;
    }
    const validate = this.validator(
      this.canonical(`${responsePointer}${pointerOf('content', mediaType, 'schema')}`),
    );
    if (!validate(response.body)) errors.push(...formatErrors('response body', validate.errors));
    return errors;
  }
}

/**
 * OpenAPI 3.0 schemas use JSON Schema draft 4's boolean `exclusiveMinimum`/`exclusiveMaximum`; Ajv
 * speaks draft 7, where they are numbers. This is the one translation between the two dialects that
 * the document needs; the returned copy means the same constraints.
 */
function toDraft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft07);
  if (node === null || typeof node !== 'object') return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node as Json)) copy[key] = toDraft07(value);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof copy[flag] !== 'boolean') continue;
    if (copy[flag] === true && typeof copy[bound] === 'number') {
      copy[flag] = copy[bound];
      delete copy[bound];
    } else {
      delete copy[flag];
    }
  }
  return copy;
}

function lowerCaseKeys(
  record: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Query and header values are strings on the wire; schemas of other types see them converted. */
function coerce(raw: string, type: string | undefined): unknown {
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if ((type === 'integer' || type === 'number') && /^-?[0-9]+(\.[0-9]+)?$/.test(raw)) return Number(raw);
  return raw;
}
