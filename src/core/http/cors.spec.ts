import { validateEnvironment } from '../config/environment.js';
import { corsOptions, isLoopbackOrigin } from './cors.js';

describe('isLoopbackOrigin', () => {
  it.each([
    'http://localhost',
    'http://localhost:5173',
    'https://localhost:4443',
    'http://127.0.0.1:8080',
    'http://[::1]:3001',
  ])('%s is served from this machine', (origin) => {
    expect(isLoopbackOrigin(origin)).toBe(true);
  });

  it.each([
    'http://localhost.evil.example',
    'http://localhost:5173.evil.example',
    'http://127.0.0.1.nip.io',
    'http://127.0.0.2:8080',
    'http://localhost:5173/',
    'ftp://localhost:21',
    'http://evil.example/?http://localhost',
    'http://user@localhost:5173',
    'null',
    '',
  ])('%s is not', (origin) => {
    expect(isLoopbackOrigin(origin)).toBe(false);
  });
});

describe('corsOptions', () => {
  /** What the cors middleware would answer for `origin`. */
  const allows = (env: ReturnType<typeof validateEnvironment>, origin: string | undefined) =>
    new Promise<unknown>((resolve, reject) => {
      const decide = corsOptions(env).origin as (
        origin: string | undefined,
        answer: (error: Error | null, allowed?: unknown) => void,
      ) => void;
      decide(origin, (error, allowed) => (error ? reject(error) : resolve(allowed)));
    });
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };

  it('outside production allows loopback origins and the listed ones', async () => {
    const env = validateEnvironment({ CORS_ORIGINS: 'https://app.example' });
    expect(await allows(env, 'http://localhost:5173')).toBe(true);
    expect(await allows(env, 'https://app.example')).toBe(true);
    expect(await allows(env, 'https://evil.example')).toBe(false);
    expect(await allows(env, undefined)).toBe(false);
  });

  it('in production allows the listed origins only', async () => {
    const env = validateEnvironment({ ...production, CORS_ORIGINS: 'https://app.example' });
    expect(await allows(env, 'https://app.example')).toBe(true);
    expect(await allows(env, 'http://localhost:5173')).toBe(false);
    expect(await allows(validateEnvironment(production), 'https://app.example')).toBe(false);
  });
});
