// The API's error vocabulary (@finpersona/api-client), as one typed error for the portal.
import {
  rateLimitedMessage,
  STEP_UP_MESSAGE,
  type ApiErrorCode,
  type StepUpChallenge,
} from '@finpersona/api-client';

export type { ApiErrorCode, StepUpChallenge };

const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STEP_UP_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NETWORK: 0,
};

/**
 * Thrown by the data layer. `status` follows HTTP so react-admin's authProvider.checkError
 * and notifications understand it; `code` is what the portal decides on.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly requestId?: string,
    /** RATE_LIMITED only: seconds to wait before retrying (the response's Retry-After), when known. */
    readonly retryAfterSeconds?: number,
    /** STEP_UP_REQUIRED only: what to ask Keycloak for in the new sign-in. */
    readonly stepUp?: StepUpChallenge,
    /** INVALID only: the API's problem per input field (`extensions.fields`), e.g. `conditions.mcc`. */
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
    // An own property (react-admin's forms check `hasOwnProperty('body')`): `errors` (field path → problem) is
    // how a create/edit form shows the server's validation under each input.
    this.body = {
      code,
      requestId,
      ...(fields.length > 0 ? { errors: fieldErrors(fields) } : {}),
    };
  }
  /** react-admin reads `body` from HttpError-like objects. */
  readonly body: { code: ApiErrorCode; requestId?: string; errors?: Record<string, string> };
}

/**
 * The API cannot be reached (the network failed, or a gateway answered 5xx for it): the same request may well
 * succeed in a moment. Not a reason to sign out; the portal says so and offers to try again.
 */
export const isUnreachable = (error: unknown): boolean =>
  error instanceof ApiError && error.code === 'NETWORK';

/** An input the API refused, or a role it refuses: asking again would be refused the same way. */
export const refusedForGood = (error: unknown): boolean =>
  error instanceof ApiError && (error.code === 'INVALID' || error.code === 'FORBIDDEN');

/**
 * Whether a failed query is asked again (the portal's default for every query): up to three times, except
 * what is refused for good — "Not allowed" shows at once, and the audit log records one denial, not four.
 */
export const retryQuery = (failures: number, error: unknown): boolean =>
  !refusedForGood(error) && failures < 3;

/** One input field's problem as the API words it (`Invalid.fields`): `field` is a path like `input.name`. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** The API's field problems read from an error's `extensions` (absent or malformed: none). */
export function fieldProblemsOf(extensions: unknown): FieldProblem[] {
  const fields = (extensions as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (item): item is FieldProblem =>
      typeof (item as FieldProblem | null)?.field === 'string' &&
      typeof (item as FieldProblem).problem === 'string',
  );
}

/** Field path → problem, the first problem of a field winning (react-admin shows one per input). */
export function fieldErrors(problems: readonly FieldProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, problem } of problems) errors[field] ??= problem;
  return errors;
}

/** The API names roles by id in its refusals ("Only compliance-officer may …"); staff read their names. */
const ROLE_NAMES: Record<string, string> = {
  'bank-admin': 'bank administrator',
  'compliance-officer': 'compliance officer',
  'platform-operator': 'platform operator',
};

export const withRoleNames = (text: string): string =>
  text.replace(/\b(bank-admin|compliance-officer|platform-operator)\b/g, (id) => ROLE_NAMES[id] ?? id);

/**
 * What a person should read for each code; the server's own message is appended for detail (except for
 * RATE_LIMITED, whose message already says all there is: how long to wait). A refusal names no ids: the
 * bank is the one the portal is signed in to (its name is in the app bar), roles read by their names.
 */
export function describe(
  code: ApiErrorCode,
  serverMessage: string | undefined,
  tenantSlug?: string,
  retryAfterSeconds?: number,
): string {
  const detail = serverMessage ? ` (${serverMessage})` : '';
  switch (code) {
    case 'UNAUTHENTICATED':
      return `Your session has expired or is not valid. Please sign in again.${detail}`;
    case 'FORBIDDEN':
      return tenantSlug
        ? `You do not have permission to do this at this bank. Ask one of its administrators for the role you need.${withRoleNames(detail)}`
        : `You do not have permission to do this.${withRoleNames(detail)}`;
    case 'STEP_UP_REQUIRED':
      return `${STEP_UP_MESSAGE}${detail}`;
    case 'NOT_FOUND':
      return `Not found.${detail}`;
    case 'INVALID':
      return `The request was not valid.${detail}`;
    case 'CONFLICT':
      return `This conflicts with the current state; reload and try again.${detail}`;
    case 'RATE_LIMITED':
      return rateLimitedMessage(retryAfterSeconds);
    case 'NETWORK':
      return `The FinPersona API could not be reached. Check your connection and try again.${detail}`;
    case 'INTERNAL':
      return `The FinPersona API failed to answer. Try again; if it keeps failing, quote the request id to support.${detail}`;
  }
}

/**
 * The API names a problem by its input path (`input.questions[1].choices[0].label`, `conditions.any[0].mcc`);
 * a form's inputs are named `questions.1.choices.0.label`. Rethrown with the form's names, so each problem
 * shows under its input.
 */
export async function withFormPaths<Result>(call: () => Promise<Result>): Promise<Result> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError) || error.fields.length === 0) throw error;
    throw new ApiError(
      error.code,
      error.message,
      error.requestId,
      error.retryAfterSeconds,
      error.stepUp,
      error.fields.map(({ field, problem }) => ({ field: formPath(field), problem })),
    );
  }
}

export function formPath(apiPath: string): string {
  return apiPath.replace(/^input\./, '').replace(/\[(\d+)\]/g, '.$1');
}
