import { ApiError } from '../api/client.ts';
import { english, type Translate } from '../i18n/i18n.ts';

/** An error as the customer reads it: the API's message (not translated) with its request id for support. */
export function describeError(error: unknown, t: Translate = english): string {
  if (error instanceof ApiError)
    return error.requestId
      ? t('app.request', { message: error.message, requestId: error.requestId })
      : error.message;
  return (error as Error)?.message ?? String(error);
}
