import type { ServerResponse } from 'node:http';
import { Role } from '../access/role.js';
import {
  requestLine,
  requestLogLevel,
  requestMessage,
  requestOutcome,
  type LoggedRequest,
} from './request-log.js';

describe('requestOutcome: the code that sums up an answer', () => {
  it('is OK without errors, else the first code', () => {
    expect(requestOutcome([])).toBe('OK');
    expect(requestOutcome(['FORBIDDEN', 'NOT_FOUND'])).toBe('FORBIDDEN');
  });

  it('is a server fault whenever one is among the errors, wherever it is', () => {
    expect(requestOutcome(['FORBIDDEN', 'INTERNAL_SERVER_ERROR'])).toBe('INTERNAL_SERVER_ERROR');
    expect(requestOutcome(['NOT_FOUND', 'SERVICE_UNAVAILABLE'])).toBe('SERVICE_UNAVAILABLE');
    expect(requestOutcome([undefined])).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('requestLogLevel', () => {
  it.each([
    'OK',
    'BAD_USER_INPUT',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'RATE_LIMITED',
    'QUERY_TOO_COMPLEX',
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
  ])('logs a %s answer at info', (outcome) => {
    expect(requestLogLevel(200, outcome)).toBe('info');
    expect(requestLogLevel(400, outcome)).toBe('info');
  });

  it('logs client errors outside GraphQL (413, 429 at the door) at info', () => {
    expect(requestLogLevel(413, undefined)).toBe('info');
    expect(requestLogLevel(429, undefined)).toBe('info');
  });

  it('logs a service without room or database as a warning, a server fault as an error', () => {
    expect(requestLogLevel(200, 'SERVICE_UNAVAILABLE')).toBe('warn');
    expect(requestLogLevel(503, undefined)).toBe('warn');
    expect(requestLogLevel(200, 'INTERNAL_SERVER_ERROR')).toBe('error');
    expect(requestLogLevel(500, undefined)).toBe('error');
  });
});

describe('requestLine', () => {
  const response = { statusCode: 200 } as ServerResponse;
  const request = (fields: Partial<LoggedRequest>) =>
    ({
      method: 'POST',
      url: '/graphql',
      headers: {
        authorization: 'Bearer secret-token',
        cookie: 'session=secret',
        'user-agent': 'wontak-app/1.2',
      },
      ip: '203.0.113.9',
      ...fields,
    }) as unknown as LoggedRequest;

  it('holds what happened and to whom, never a header but the user agent', () => {
    const line = requestLine(request({}), response, 12);
    expect(line).toEqual({
      method: 'POST',
      url: '/graphql',
      status: 200,
      ms: 12,
      client: 'ip:203.0.113.9',
      userAgent: 'wontak-app/1.2',
    });
    expect(JSON.stringify(line)).not.toMatch(/secret/);
    expect(requestMessage(line)).toBe('POST /graphql 200');
  });

  it('names a signed-in client by its user, as the rate limits count it', () => {
    const viewer = {
      id: '3f0c7d1e-1b2a-4c5d-8e9f-0a1b2c3d4e5f',
      role: Role.CITIZEN,
      departmentId: null,
      suspendedUntil: null,
      locale: null,
      sessionId: '00000000-0000-4000-8000-000000000000',
    };
    expect(requestLine(request({ viewer }), response, 1).client).toBe(
      'user:3f0c7d1e-1b2a-4c5d-8e9f-0a1b2c3d4e5f',
    );
  });

  it('leaves out the query string, where a GET carries its document and credentials', () => {
    const line = requestLine(
      request({
        method: 'GET',
        originalUrl: '/graphql?query=mutation{logIn(input:{password:"hunter22"})}',
      }),
      response,
      3,
    );
    expect(line.url).toBe('/graphql');
  });

  it('clips an overlong path and user agent', () => {
    const line = requestLine(
      request({ url: `/${'x'.repeat(5000)}`, headers: { 'user-agent': 'y'.repeat(5000) } }),
      response,
      1,
    );
    expect(line.url.length).toBeLessThanOrEqual(201);
    expect(line.userAgent!.length).toBeLessThanOrEqual(201);
  });
});
