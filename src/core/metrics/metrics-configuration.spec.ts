import { validateEnvironment } from '../config/environment.js';

describe('the metrics variables', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };

  it('are unset by default: /metrics open outside production, off in it', () => {
    const env = validateEnvironment(production);
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.METRICS_PORT).toBeUndefined();
  });

  it('refuse a METRICS_TOKEN shorter than 32 characters, naming it', () => {
    expect(() => validateEnvironment({ ...production, METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN must be at least 32 characters/,
    );
    expect(
      validateEnvironment({ ...production, METRICS_TOKEN: 't'.repeat(32) }).METRICS_TOKEN,
    ).toBe('t'.repeat(32));
  });

  it('take an empty METRICS_TOKEN (a compose file passing an unset variable) as unset', () => {
    expect(validateEnvironment({ ...production, METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
  });

  it('refuse a METRICS_PORT that is not a port, or is the API port', () => {
    expect(() => validateEnvironment({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
    expect(() => validateEnvironment({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => validateEnvironment({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(
      /METRICS_PORT: must differ from PORT/,
    );
    expect(validateEnvironment({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
  });
});
