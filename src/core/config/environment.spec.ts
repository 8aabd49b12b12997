import { EnvironmentError, validateEnvironment } from './environment.js';

describe('validateEnvironment', () => {
  it('applies the documented defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: '.data',
      EMBEDDED_PG_PORT: 5433,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_DAYS: 30,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('listens on this machine only outside production, on every interface in production, as HOST says when set', () => {
    expect(validateEnvironment({}).HOST).toBe('127.0.0.1');
    expect(validateEnvironment({ NODE_ENV: 'test', HOST: '' }).HOST).toBe('127.0.0.1');
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(validateEnvironment(production).HOST).toBe('0.0.0.0');
    expect(validateEnvironment({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(validateEnvironment({ ...production, HOST: '10.0.0.5' }).HOST).toBe('10.0.0.5');
  });

  it('refuses to run in production without JWT_SECRET, naming it', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(EnvironmentError);
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('accepts production with a long enough secret', () => {
    const env = validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(env.isProduction).toBe(true);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      validateEnvironment({
        PORT: 'eighty',
        JWT_SECRET: 'short',
        NODE_ENV: 'staging',
        ACCESS_TOKEN_TTL_SECONDS: '5',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'JWT_SECRET', 'NODE_ENV', 'ACCESS_TOKEN_TTL_SECONDS'])
      expect(message).toContain(name);
  });

  it('reads booleans the way people write them', () => {
    expect(validateEnvironment({ SEED_DEMO_DATA: 'false' }).SEED_DEMO_DATA).toBe(false);
    expect(validateEnvironment({ SEED_DEMO_DATA: 'true' }).SEED_DEMO_DATA).toBe(true);
    expect(validateEnvironment({ GRAPHQL_INTROSPECTION: '1' }).GRAPHQL_INTROSPECTION).toBe(true);
  });
});

describe('.env.example', () => {
  it('documents every variable the service reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { getMetadataStorage } = await import('class-validator');
    const { Environment } = await import('./environment.js');
    const documented = readFileSync('.env.example', 'utf8');
    const variables = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(Environment, '', true, false)
        .map((m) => m.propertyName),
    );
    expect(variables.size).toBeGreaterThan(10);
    const missing = [...variables].filter(
      (name) => !new RegExp(`^#? ?${name}=`, 'm').test(documented),
    );
    expect(missing).toEqual([]);
  });
});
