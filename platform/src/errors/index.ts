export {
  AppError,
  Conflict,
  Forbidden,
  Internal,
  Invalid,
  NotFound,
  RateLimited,
  StepUpRequired,
  Unauthenticated,
  httpStatusOf,
  isAppError,
} from './errors';
export type { ErrorCode, FieldProblem } from './errors';
export { toClientError } from './format';
export type { ClientError, ErrorLogger } from './format';
