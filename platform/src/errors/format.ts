import { GraphQLError } from 'graphql';
import { type ErrorCode, isAppError } from './errors';

/** The body shape of every error the API returns, inside GraphQL or before it. */
export interface ClientError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: ErrorCode; requestId: string | undefined } & Record<string, unknown>;
}

export interface ErrorLogger {
  error(message: string, meta: Record<string, unknown>): void;
}

const maskedMessage = 'Internal error. Quote the requestId when reporting it.';

/**
 * Maps anything thrown to what a client may see: app errors keep their message and code, GraphQL's
 * own parse/validation errors become INVALID, everything else is logged in full and masked as INTERNAL.
 */
export function toClientError(error: unknown, requestId: string | undefined, log?: ErrorLogger): ClientError {
  const graphqlError = isGraphQLError(error) ? error : undefined;
  const cause = graphqlError ? deepestCause(graphqlError) : error;
  const position = {
    ...(graphqlError?.locations ? { locations: graphqlError.locations } : {}),
    ...(graphqlError?.path ? { path: graphqlError.path } : {}),
  };

  if (isAppError(cause)) {
    // An INTERNAL app error has a safe message for the client; what went wrong (e.g. why a value could
    // not be decrypted) is for the logs.
    if (cause.code === 'INTERNAL') log?.error('internal error', { requestId, error: describe(cause) });
    return {
      message: cause.message,
      ...position,
      extensions: { code: cause.code, requestId, ...(cause.details ?? {}) },
    };
  }
  // A GraphQLError without an underlying exception is the client's query failing to parse or validate
  // (unknown field, wrong variable type); its message is about their query and safe to show. So is a
  // variable GraphQL could not coerce (an enum value in the wrong case, a null for a required input field):
  // GraphQL wraps its own refusal, without an exception under it, in the variable's error, which has no path
  // (a resolver's error always has one, and stays masked below whatever it wraps).
  if (graphqlError && (cause === undefined || (isGraphQLError(cause) && graphqlError.path === undefined))) {
    return {
      message: withoutSuggestions(graphqlError.message),
      ...position,
      extensions: { code: 'INVALID', requestId },
    };
  }
  log?.error('unexpected error', { requestId, error: describe(cause) });
  return { message: maskedMessage, ...position, extensions: { code: 'INTERNAL', requestId } };
}

/**
 * GraphQL's "Did you mean …?" hints name fields, types and arguments the caller did not ask for: with
 * introspection off they would let anyone rebuild the schema by guessing, so they are cut.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * What a GraphQLError wraps, through GraphQL's own wrapping (a coerced variable's error wraps the input
 * value's, which wraps a scalar's exception): the first cause that is not a wrapping GraphQLError — an app
 * error, an unexpected exception, GraphQL's own refusal (a GraphQLError with no cause), or `undefined` when
 * the error wraps nothing.
 */
function deepestCause(error: GraphQLError): unknown {
  let cause: unknown = error.originalError;
  while (isGraphQLError(cause) && cause.originalError !== undefined) cause = cause.originalError;
  return cause;
}

/** By tag, not instanceof: under test runners graphql can be loaded twice (ESM and CommonJS copies). */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || Object.prototype.toString.call(error) === '[object GraphQLError]';
}

function describe(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  // `reason` is a category some errors carry for logs (e.g. FieldDecryptionFailed), never a value.
  const reason = (error as { reason?: unknown }).reason;
  return {
    name: error.name,
    message: error.message,
    ...(typeof reason === 'string' ? { reason } : {}),
    stack: error.stack,
  };
}
