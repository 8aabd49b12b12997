import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Nest logs every exception that leaves a resolver or a guard at error level with its stack
 * (its ExternalExceptionFilter), a FORBIDDEN as loudly as a bug. What a GraphQL error is, and
 * so how it is logged, is the error formatter's to say (core/errors/format-error.ts): a server
 * fault once, at error level with its stack and request id; a client's mistake as the outcome
 * of its request line (request-log.ts). So GraphQL exceptions pass through here unlogged, and
 * the REST routes (health, calendar files) keep Nest's own handling.
 */
@Catch()
export class GraphqlExceptionsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http') return super.catch(exception, host);
    throw exception;
  }
}
