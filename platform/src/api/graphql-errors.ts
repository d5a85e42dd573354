import type { ExecutionResult, GraphQLError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { type ClientError, type ErrorLogger, toClientError } from '../errors';
import { contextOf } from '../request-context';
import { describeTokenLimit } from './graphql-limits';

/**
 * Mercurius error formatter: every error leaves through `toClientError` (codes, masking, request id).
 * Mercurius wraps query validation failures in one error holding the list; those are unwrapped.
 */
export function createErrorFormatter(log: ErrorLogger) {
  return (
    execution: ExecutionResult & { errors: readonly GraphQLError[]; statusCode?: number },
    context: MercuriusContext,
  ) => {
    const requestId = context?.reply ? contextOf(context.reply.request)?.requestId : undefined;
    const errors: ClientError[] = execution.errors.flatMap((error) => {
      const original = error.originalError as
        (Error & { errors?: unknown; statusCode?: number; code?: unknown }) | undefined;
      if (original && Array.isArray(original.errors)) {
        return (original.errors as GraphQLError[]).map((inner) => {
          const client = toClientError(inner, requestId, log);
          return client.extensions.code === 'INVALID'
            ? { ...client, message: describeTokenLimit(client.message) }
            : client;
        });
      }
      // Fastify's own request errors (bad JSON, wrong content type) are the client's to fix.
      if (original && isClientRequestError(original)) {
        return [{ message: original.message, extensions: { code: 'INVALID' as const, requestId } }];
      }
      return [toClientError(error, requestId, log)];
    });
    const single =
      execution.errors.length === 1
        ? (execution.errors[0]?.originalError as { statusCode?: unknown } | undefined)
        : undefined;
    const statusCode = execution.data
      ? 200
      : (execution.statusCode ??
        (typeof single?.statusCode === 'number' && single.statusCode < 500 ? single.statusCode : 200));
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}

function isClientRequestError(error: { statusCode?: number; code?: unknown }): boolean {
  return (
    typeof error.statusCode === 'number' &&
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    typeof error.code === 'string' &&
    /^(FST_|MER_)/.test(error.code)
  );
}
