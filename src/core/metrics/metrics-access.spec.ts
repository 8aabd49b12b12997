import { metricsAccess, type MetricsExposure } from './metrics-access.js';

const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';

describe('metricsAccess', () => {
  const development: MetricsExposure = { isProduction: false };
  const production: MetricsExposure = { isProduction: true };

  it('outside production, without a token, /metrics is open on the API port', () => {
    expect(metricsAccess(development, 'api', undefined)).toBe('serve');
    expect(metricsAccess(development, 'api', 'Bearer anything')).toBe('serve');
  });

  it('in production, without a token or a port of its own, /metrics is off', () => {
    expect(metricsAccess(production, 'api', undefined)).toBe('not-found');
    expect(metricsAccess(production, 'api', `Bearer ${TOKEN}`)).toBe('not-found');
  });

  it.each([
    ['development', development],
    ['production', production],
  ])('with a token (%s), only the right bearer token is served', (_name, base) => {
    const exposure = { ...base, token: TOKEN };
    expect(metricsAccess(exposure, 'api', `Bearer ${TOKEN}`)).toBe('serve');
    expect(metricsAccess(exposure, 'api', `bearer ${TOKEN}`)).toBe('serve');
    expect(metricsAccess(exposure, 'api', undefined)).toBe('unauthorized');
    expect(metricsAccess(exposure, 'api', '')).toBe('unauthorized');
    expect(metricsAccess(exposure, 'api', TOKEN)).toBe('unauthorized');
    expect(metricsAccess(exposure, 'api', `Basic ${TOKEN}`)).toBe('unauthorized');
    expect(metricsAccess(exposure, 'api', `Bearer ${TOKEN}x`)).toBe('unauthorized');
    expect(metricsAccess(exposure, 'api', `Bearer ${TOKEN.slice(0, -1)}`)).toBe('unauthorized');
    expect(metricsAccess(exposure, 'api', `Bearer ${TOKEN} ${TOKEN}`)).toBe('unauthorized');
  });

  it('with a port of its own, /metrics is served there only, and 404 on the API port', () => {
    const exposure = { ...production, port: 9464 };
    expect(metricsAccess(exposure, 'metrics-port', undefined)).toBe('serve');
    expect(metricsAccess(exposure, 'api', undefined)).toBe('not-found');
    expect(metricsAccess({ ...development, port: 0 }, 'api', undefined)).toBe('not-found');
    expect(metricsAccess(production, 'metrics-port', undefined)).toBe('not-found');
  });

  it('with a port of its own and a token, the port asks for the token', () => {
    const exposure = { ...production, port: 9464, token: TOKEN };
    expect(metricsAccess(exposure, 'metrics-port', undefined)).toBe('unauthorized');
    expect(metricsAccess(exposure, 'metrics-port', 'Bearer wrong')).toBe('unauthorized');
    expect(metricsAccess(exposure, 'metrics-port', `Bearer ${TOKEN}`)).toBe('serve');
    expect(metricsAccess(exposure, 'api', `Bearer ${TOKEN}`)).toBe('not-found');
  });
});
