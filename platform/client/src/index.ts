export {
  API_ERROR_CODES,
  codeForHttpStatus,
  errorCodeOf,
  isServerErrorCode,
  parseRetryAfter,
  rateLimitedMessage,
  type ApiErrorCode,
  type ServerErrorCode,
} from './errors.ts';
