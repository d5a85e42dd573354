/**
 * Checks HTTP requests and responses against the Account and Transaction API's OpenAPI document:
 * path and method, path/query/header parameters, request body by content type, response status,
 * response headers and body. JSON Schema checks are Ajv's (draft-07 semantics, which is what
 * OpenAPI 3.0 schemas are, with `nullable`); the rest follows the OpenAPI 3.0 rules.
 *
 * Where the Read/Write API profile is stricter than the document, the profile's rule is checked
 * too, and said so in the message:
 * - query date-times "must not include the timezone" (the document only says `format: date-time`,
 *   which in JSON Schema requires one), so they are ISO 8601 dates or date-times without a zone;
 * - a request's `x-fapi-interaction-id` is an RFC 4122 UUID; every response carries one, and a
 *   response body is `application/json`;
 * - 503 (and other gateway statuses) may be answered although the document does not list them.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadAccountInfoSpec } from './spec-source';

/** One way a request or response differs from the specification. */
export interface SpecViolation {
  /** Where: `path`, `query fromBookingDateTime`, `header Authorization`, `body /Data/Permissions/0`, `status`. */
  readonly at: string;
  readonly message: string;
}

export interface SpecRequest {
  readonly method: string;
  /** Path below the API's base (`/accounts/22289/transactions`), without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case (as Node gives them). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text, if any. */
  readonly body?: string;
}

export interface SpecResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text ('' for none). */
  readonly body: string;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface OpenApiMedia {
  schema?: Record<string, unknown>;
}
interface OpenApiResponse {
  headers?: Record<string, { required?: boolean; schema?: Record<string, unknown> }>;
  content?: Record<string, OpenApiMedia>;
}
interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMedia> } | { $ref: string };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
  security?: Record<string, string[]>[];
}
interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
    requestBodies?: Record<string, { required?: boolean; content: Record<string, OpenApiMedia> }>;
  };
}

/** An operation of the document that a request matched. */
export interface MatchedOperation {
  readonly operationId: string;
  readonly method: string;
  /** The document's path template, e.g. `/accounts/{AccountId}/transactions`. */
  readonly pathTemplate: string;
  readonly pathParams: Readonly<Record<string, string>>;
  /** Security scheme names the operation accepts (`TPPOAuth2Security`, `PSUOAuth2Security`). */
  readonly securitySchemes: readonly string[];
}

export type MatchResult =
  | { readonly kind: 'operation'; readonly operation: MatchedOperation }
  | { readonly kind: 'no-such-path' }
  | { readonly kind: 'method-not-allowed' };

/**
 * Statuses the profile allows although the document lists them for no operation: 404 for an
 * endpoint the ASPSP did not implement, and gateway errors (503 also marks a deprecated version).
 */
const profileStatuses = new Set([404, 502, 503, 504]);
const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const schemaDocumentId = 'ob-account-info';
const jsonMediaType = 'application/json';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const queryDateTimeSchema = {
  type: 'string',
  anyOf: [{ format: 'date' }, { format: 'iso-date-time' }],
  not: { pattern: 'T.*(Z|[+-]\\d{2}(:?\\d{2})?)$' },
};

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Rewrites the document's local `$ref`s so they resolve inside the schema document registered with Ajv. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      out[key] = key === '$ref' && typeof value === 'string' ? `${schemaDocumentId}${value}` : rebase(value);
    }
    return out;
  }
  return schema;
}

function coerce(value: string, schema: Record<string, unknown> | undefined): unknown {
  if (schema?.type === 'integer' && /^-?\d+$/.test(value)) return Number(value);
  if (schema?.type === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (schema?.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describe(errors: readonly ErrorObject[] | null | undefined, at: string): SpecViolation[] {
  return (errors ?? []).map((error) => ({
    at: error.instancePath ? `${at} ${error.instancePath}` : at,
    message: `${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : ''}${error.params && 'additionalProperty' in error.params ? ` ("${String(error.params.additionalProperty)}")` : ''}`,
  }));
}

/** The Account and Transaction API document, compiled for checking traffic. */
export class AccountInfoSpec {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<object, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; names: string[] }[];

  private constructor(private readonly document: OpenApiDocument) {
    // strict: false because OpenAPI schemas carry keywords JSON Schema does not know (example, x-namespaced-enum).
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: { schemas: document.components.schemas } }, schemaDocumentId);
    this.templates = Object.keys(document.paths).map((template) => {
      const names: string[] = [];
      const source = template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
      return { template, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /** Loads the pinned document from the cache (fetching it once if needed). */
  static async load(): Promise<AccountInfoSpec> {
    return new AccountInfoSpec((await loadAccountInfoSpec()) as unknown as OpenApiDocument);
  }

  /** `info.version` of the loaded document. */
  get version(): string {
    return this.document.info.version;
  }

  /** Checks a value against a named schema of the document (`OBReadTransaction6`, ...). */
  validateSchema(name: string, value: unknown): SpecViolation[] {
    if (!(name in this.document.components.schemas)) throw new Error(`The document has no schema ${name}`);
    const validate = this.ajv.getSchema(`${schemaDocumentId}#/components/schemas/${name}`);
    if (!validate) throw new Error(`Schema ${name} did not compile`);
    return validate(value) ? [] : describe(validate.errors, 'body');
  }

  match(method: string, path: string): MatchResult {
    for (const { template, pattern, names } of this.templates) {
      const found = pattern.exec(path);
      if (!found) continue;
      const operation = this.document.paths[template]?.[method.toLowerCase()];
      if (!operation || !methods.includes(method.toLowerCase() as (typeof methods)[number])) {
        return { kind: 'method-not-allowed' };
      }
      const pathParams: Record<string, string> = {};
      names.forEach((name, index) => (pathParams[name] = decodeURIComponent(found[index + 1] ?? '')));
      return {
        kind: 'operation',
        operation: {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          pathTemplate: template,
          pathParams,
          securitySchemes: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)),
        },
      };
    }
    return { kind: 'no-such-path' };
  }

  /** Checks a request against the operation it matched. An empty list means it is valid. */
  validateRequest(operation: MatchedOperation, request: SpecRequest): SpecViolation[] {
    const definition = this.operation(operation);
    const violations: SpecViolation[] = [];
    for (const parameter of (definition.parameters ?? []).map((p) => this.parameter(p))) {
      const raw =
        parameter.in === 'path'
          ? operation.pathParams[parameter.name]
          : parameter.in === 'query'
            ? (request.query.get(parameter.name) ?? undefined)
            : parameter.in === 'header'
              ? request.headers[parameter.name.toLowerCase()]
              : undefined;
      const at = `${parameter.in} ${parameter.name}`;
      if (raw === undefined) {
        if (parameter.required) violations.push({ at, message: 'is required' });
        continue;
      }
      const schema = parameter.in === 'query' ? this.querySchema(parameter.schema) : parameter.schema;
      const validate = this.compile(schema ?? {});
      if (validate(coerce(raw, parameter.schema))) continue;
      violations.push(
        ...(schema === queryDateTimeSchema
          ? [
              {
                at,
                message: 'must be an ISO 8601 date or date-time without a timezone (profile, Date Formats)',
              },
            ]
          : describe(validate.errors, at)),
      );
    }

    const interactionId = request.headers['x-fapi-interaction-id'];
    if (interactionId !== undefined && !uuidPattern.test(interactionId)) {
      violations.push({
        at: 'header x-fapi-interaction-id',
        message: 'must be an RFC 4122 UUID (profile, Request Headers)',
      });
    }

    const body = request.body ?? '';
    const requestBody = definition.requestBody && this.requestBody(definition.requestBody);
    if (!requestBody) {
      if (body.length > 0) violations.push({ at: 'body', message: 'this operation takes no request body' });
      return violations;
    }
    if (body.length === 0) {
      if (requestBody.required) violations.push({ at: 'body', message: 'is required' });
      return violations;
    }
    const type = mediaType(request.headers['content-type']);
    if (type !== jsonMediaType) {
      violations.push({
        at: 'header Content-Type',
        message: `must be ${jsonMediaType} (got ${request.headers['content-type'] ?? 'none'}); encrypted (jose+jwe) bodies are not supported here`,
      });
      return violations;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      violations.push({ at: 'body', message: 'is not JSON' });
      return violations;
    }
    const validate = this.compile(requestBody.content[jsonMediaType]?.schema ?? {});
    if (!validate(parsed)) violations.push(...describe(validate.errors, 'body'));
    return violations;
  }

  /** Checks a response to an operation. An empty list means it is valid. */
  validateResponse(operation: MatchedOperation, response: SpecResponse): SpecViolation[] {
    const definition = this.operation(operation);
    const listed = definition.responses[String(response.status)];
    const violations: SpecViolation[] = [];
    if (!response.headers['x-fapi-interaction-id']) {
      violations.push({
        at: 'header x-fapi-interaction-id',
        message: 'is mandatory on every response (Read/Write API profile, Response Headers)',
      });
    }
    if (!listed) {
      if (!profileStatuses.has(response.status)) {
        return [
          ...violations,
          { at: 'status', message: `${response.status} is not a response of ${operation.operationId}` },
        ];
      }
      // The profile asks for the Open Banking error structure whenever there is a body.
      if (response.body)
        violations.push(...this.checkJsonBody(response, { $ref: '#/components/schemas/OBErrorResponse1' }));
      return violations;
    }
    const definitionOfResponse = this.response(listed);
    for (const [name, header] of Object.entries(definitionOfResponse.headers ?? {})) {
      const raw = response.headers[name.toLowerCase()];
      if (raw === undefined) {
        if (header.required) violations.push({ at: `header ${name}`, message: 'is required' });
        continue;
      }
      const validate = this.compile(header.schema ?? {});
      if (!validate(coerce(raw, header.schema)))
        violations.push(...describe(validate.errors, `header ${name}`));
    }
    const media = definitionOfResponse.content?.[jsonMediaType];
    if (!definitionOfResponse.content) {
      if (response.body)
        violations.push({ at: 'body', message: `a ${response.status} response has no body` });
      return violations;
    }
    return [...violations, ...this.checkJsonBody(response, media?.schema ?? {})];
  }

  private checkJsonBody(response: SpecResponse, schema: Record<string, unknown>): SpecViolation[] {
    if (mediaType(response.headers['content-type']) !== jsonMediaType) {
      return [{ at: 'header Content-Type', message: `must be ${jsonMediaType} (profile, Response Headers)` }];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      return [{ at: 'body', message: 'is not JSON' }];
    }
    const validate = this.compile(schema);
    return validate(parsed) ? [] : describe(validate.errors, 'body');
  }

  private operation(operation: MatchedOperation): OpenApiOperation {
    const definition = this.document.paths[operation.pathTemplate]?.[operation.method.toLowerCase()];
    if (!definition) throw new Error(`No operation ${operation.method} ${operation.pathTemplate}`);
    return definition;
  }

  private parameter(parameter: OpenApiParameter | { $ref: string }): OpenApiParameter {
    if (!('$ref' in parameter)) return parameter;
    const found = this.document.components.parameters[parameter.$ref.replace('#/components/parameters/', '')];
    if (!found) throw new Error(`Unresolved parameter ${parameter.$ref}`);
    return found;
  }

  private response(response: OpenApiResponse | { $ref: string }): OpenApiResponse {
    if (!('$ref' in response)) return response;
    const found =
      this.document.components.responses[String(response.$ref).replace('#/components/responses/', '')];
    if (!found) throw new Error(`Unresolved response ${String(response.$ref)}`);
    return found;
  }

  private requestBody(
    body: { required?: boolean; content: Record<string, OpenApiMedia> } | { $ref: string },
  ): { required?: boolean; content: Record<string, OpenApiMedia> } {
    if (!('$ref' in body)) return body;
    const found =
      this.document.components.requestBodies?.[body.$ref.replace('#/components/requestBodies/', '')];
    if (!found) throw new Error(`Unresolved request body ${body.$ref}`);
    return found;
  }

  /** The profile's rule for date-times in the query string: ISO 8601 without a timezone. */
  private querySchema(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (schema?.format !== 'date-time') return schema;
    return queryDateTimeSchema;
  }

  private compile(schema: object): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as object);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}
