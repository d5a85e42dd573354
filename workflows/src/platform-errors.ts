// How platform errors become activity failures, for every workflow family's activities.
import { ApplicationFailure } from '@temporalio/activity';
import { type AppError, type ErrorCode, isAppError } from '@finpersona/platform';

// Codes of the platform's error vocabulary where the caller has to change something before a retry could
// succeed. Anything else (a dropped connection, a timeout, a fail-over, INTERNAL) is worth retrying.
const permanentCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID',
  'CONFLICT',
  'NOT_FOUND',
  'FORBIDDEN',
]);

function isPermanentPlatformError(error: unknown): error is AppError {
  return isAppError(error) && permanentCodes.has(error.code);
}

/** Platform errors the caller must fix fail the activity for good, keeping their code as the failure type. */
export async function asActivity<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isPermanentPlatformError(error)) {
      throw ApplicationFailure.create({
        type: error.code,
        message: error.message,
        nonRetryable: true,
        details: error.details === undefined ? [] : [error.details],
        cause: error,
      });
    }
    throw error;
  }
}
