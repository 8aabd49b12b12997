import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';
import { Environment } from '../config/environment.js';
import { GraphqlExceptionsFilter } from './graphql-exceptions.filter.js';
import {
  requestLine,
  requestLogLevel,
  requestMessage,
  requestOutcomeOf,
  type LoggedRequest,
} from './request-log.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One request id per request: a well-formed X-Request-Id, else a new one; echoed back. */
function requestId(req: IncomingMessage, res: ServerResponse) {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The line of a finished request, with the time pino-http measured. */
function lineOf(req: IncomingMessage, res: ServerResponse, responseTime: unknown) {
  return requestLine(
    req as LoggedRequest,
    res,
    typeof responseTime === 'number' ? responseTime : 0,
  );
}

/**
 * Structured logs through pino: JSON in production, readable in development, one request id
 * per request (`reqId` on every line written for it, echoed as X-Request-Id). Credentials are
 * redacted wherever they could appear.
 *
 * Each request is one compact line (request-log.ts): method, path, status, ms, reqId,
 * operation, outcome, client and user agent. Client mistakes are info lines without a stack;
 * server faults are errors, their stack on the error formatter's line (graphql.module.ts).
 *
 * nestjs-pino gives Nest's Logger its pino root. Its own request middleware is not mounted
 * (`forRoutes: []`): it runs every request inside an AsyncLocalStorage, and on Node 20 that
 * turns on promise hooks for every promise the process makes, which cost the API a quarter of
 * its throughput (npm run bench, issue 8). The access log is pino-http on the same root logger,
 * mounted below; logs written during a request carry its id explicitly (see
 * graphql.module.ts, errors in resolvers).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        pinoHttp: {
          level: env.NODE_ENV === 'test' ? 'silent' : env.LOG_LEVEL,
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              '*.password',
              '*.refreshToken',
            ],
            censor: '[redacted]',
          },
          transport:
            env.NODE_ENV === 'development'
              ? {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
                }
              : undefined,
        } satisfies Options,
        forRoutes: [],
      }),
    }),
  ],
  providers: [{ provide: APP_FILTER, useClass: GraphqlExceptionsFilter }],
})
export class LoggingModule implements NestModule {
  // Injected so that nestjs-pino has built its root logger before configure() runs.
  constructor(private readonly pino: PinoLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        pinoHttp({
          logger: PinoLogger.root,
          genReqId: requestId,
          // Loggers bound to the request carry its id only, not the whole request.
          quietReqLogger: true,
          quietResLogger: true,
          // 'silent' when the line's level is off (LOG_LEVEL=warn): pino-http then skips
          // building a line nobody would read (npm run bench, issue 21).
          customLogLevel: (req, res) => {
            const level = requestLogLevel(res.statusCode, requestOutcomeOf(req as LoggedRequest));
            return PinoLogger.root.isLevelEnabled(level) ? level : 'silent';
          },
          customSuccessObject: (req, res, { responseTime }) => lineOf(req, res, responseTime),
          customErrorObject: (req, res, _error, { responseTime }) => lineOf(req, res, responseTime),
          customSuccessMessage: (req, res, ms) => requestMessage(lineOf(req, res, ms)),
          customErrorMessage: (req, res, _error) => requestMessage(lineOf(req, res, 0)),
          autoLogging: {
            // Health probes and metrics scrapes come every few seconds: not an access log.
            ignore: (req: IncomingMessage) => /^\/(health|metrics)\b/.test(req.url ?? ''),
          },
        }),
      )
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
