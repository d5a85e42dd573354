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
  maxFileProblemsListed,
} from './errors';
export type { ErrorCode, FieldProblem, FileProblem } from './errors';
export { toClientError } from './format';
export type { ClientError, ErrorLogger } from './format';
