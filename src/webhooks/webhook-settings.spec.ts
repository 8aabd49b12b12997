import { EnvironmentError, validateEnvironment } from '../core/config/environment.js';

/** WEBHOOKS_ALLOW_PRIVATE_URLS: off unless set, and never in production. */
describe('WEBHOOKS_ALLOW_PRIVATE_URLS', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };

  it('is off unless set, empty included', () => {
    expect(validateEnvironment({}).WEBHOOKS_ALLOW_PRIVATE_URLS ?? false).toBe(false);
    expect(
      validateEnvironment({ WEBHOOKS_ALLOW_PRIVATE_URLS: '' }).WEBHOOKS_ALLOW_PRIVATE_URLS ?? false,
    ).toBe(false);
    expect(
      validateEnvironment({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'false' }).WEBHOOKS_ALLOW_PRIVATE_URLS,
    ).toBe(false);
    expect(
      validateEnvironment({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }).WEBHOOKS_ALLOW_PRIVATE_URLS,
    ).toBe(true);
  });

  it('refuses to start production with it, naming it', () => {
    expect(
      validateEnvironment({ ...production, WEBHOOKS_ALLOW_PRIVATE_URLS: 'false' }),
    ).toBeDefined();
    const start = () => validateEnvironment({ ...production, WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' });
    expect(start).toThrow(EnvironmentError);
    expect(start).toThrow(/WEBHOOKS_ALLOW_PRIVATE_URLS/);
  });
});
