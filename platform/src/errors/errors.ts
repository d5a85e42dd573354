/**
 * The platform's one error vocabulary. Throw these anywhere (services, resolvers, hooks); the edge maps
 * each code once to GraphQL `extensions.code` and an HTTP status. Their messages are written for the
 * caller: say what was wrong and what to do, never include internals. Anything else thrown is INTERNAL
 * and its message is masked.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID'
  | 'CONFLICT'
  | 'STEP_UP_REQUIRED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** HTTP status used when an error ends a request before GraphQL runs (e.g. a bad token). */
export const httpStatusOf: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  CONFLICT: 409,
  STEP_UP_REQUIRED: 401,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export interface FieldProblem {
  /** Path of the offending input field, e.g. `input.branding.primaryColor`. */
  field: string;
  problem: string;
}

/** One problem inside an uploaded file: where (1-based line, column or element) and what to fix. */
export interface FileProblem {
  line?: number;
  /** Column, element path or field of the file. */
  field?: string;
  message: string;
}

/** How many file problems an INVALID lists; the rest are counted in `moreFileProblems`. */
export const maxFileProblemsListed = 100;

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Safe, structured details for the client (never secrets or personal data of others). */
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
}

export class Unauthenticated extends AppError {
  override name = 'Unauthenticated';
  readonly code = 'UNAUTHENTICATED' as const;
}

export class Forbidden extends AppError {
  override name = 'Forbidden';
  readonly code = 'FORBIDDEN' as const;
}

export class NotFound extends AppError {
  override name = 'NotFound';
  readonly code = 'NOT_FOUND' as const;
}

export class Invalid extends AppError {
  override name = 'Invalid';
  readonly code = 'INVALID' as const;

  static fields(problems: FieldProblem[]): Invalid {
    const summary = problems.map((p) => `${p.field} ${p.problem}`).join('; ');
    return new Invalid(`Invalid input: ${summary}`, { details: { fields: problems } });
  }

  /**
   * A file the caller sent (input field `field`, e.g. `input.content`) has problems: `fields` names the
   * input field once, `fileProblems` lists the first `maxFileProblemsListed` problems (line, field,
   * message) and `moreFileProblems` counts the rest, so a wholly wrong file cannot flood the response.
   */
  static file(field: string, problems: readonly FileProblem[], totalProblems = problems.length): Invalid {
    const listed = problems.slice(0, maxFileProblemsListed).map((problem) => ({
      ...(problem.line === undefined ? {} : { line: problem.line }),
      ...(problem.field === undefined ? {} : { field: problem.field }),
      message: problem.message,
    }));
    const count = Math.max(totalProblems, problems.length);
    const first = listed[0];
    const where = first ? [first.line && `line ${first.line}`, first.field].filter(Boolean).join(', ') : '';
    const problem = `has ${count === 1 ? '1 problem' : `${count} problems`}; nothing was imported`;
    return new Invalid(
      `Invalid input: ${field} ${problem}.${first ? ` First: ${where ? `${where}: ` : ''}${first.message}` : ''}`,
      {
        details: {
          fields: [{ field, problem }],
          fileProblems: listed,
          moreFileProblems: count - listed.length,
        },
      },
    );
  }
}

export class Conflict extends AppError {
  override name = 'Conflict';
  readonly code = 'CONFLICT' as const;
}

export class StepUpRequired extends AppError {
  override name = 'StepUpRequired';
  readonly code = 'STEP_UP_REQUIRED' as const;
}

/** Too many requests from one principal; the response's Retry-After says when to try again. */
export class RateLimited extends AppError {
  override name = 'RateLimited';
  readonly code = 'RATE_LIMITED' as const;
  /** Read by Fastify/Mercurius as the response status. */
  readonly statusCode = 429;
}

export class Internal extends AppError {
  override name = 'Internal';
  readonly code = 'INTERNAL' as const;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
