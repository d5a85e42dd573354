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
export { safeReturnPath, STEP_UP_MESSAGE, stepUpChallengeOf, type StepUpChallenge } from './step-up.ts';
