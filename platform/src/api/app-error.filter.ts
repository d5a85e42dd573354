import { Catch, type ExceptionFilter } from '@nestjs/common';
import { AppError } from '../errors';

/**
 * Lets the platform's own errors reach the GraphQL error formatter untouched (and unlogged: they are
 * expected outcomes like FORBIDDEN). Unexpected errors still go through Nest's handler, which logs them.
 */
@Catch(AppError)
export class AppErrorPassThroughFilter implements ExceptionFilter {
  catch(error: AppError): AppError {
    return error;
  }
}
