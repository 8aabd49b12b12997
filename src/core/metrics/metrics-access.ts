import { createHash, timingSafeEqual } from 'node:crypto';

/** Where /metrics is asked for: the API's port, or METRICS_PORT's own listener. */
export type MetricsListener = 'api' | 'metrics-port';

/** What a request for /metrics gets: the metrics, a 401 (no or wrong token), or a 404 (off). */
export type MetricsAccess = 'serve' | 'unauthorized' | 'not-found';

export interface MetricsExposure {
  isProduction: boolean;
  /** METRICS_TOKEN: when set, every scrape must present it as a bearer token, anywhere. */
  token?: string;
  /** METRICS_PORT: when set, /metrics is served there only, and 404 on the API's port. */
  port?: number;
}

/**
 * Who may read /metrics, in one place. The metrics tell a stranger the operations a city's
 * clients send, its load and its backlog: in production they are off unless the operator says
 * how they are protected, with a token (METRICS_TOKEN), a port of their own that only the
 * monitoring network reaches (METRICS_PORT), or both. Outside production they are open unless a
 * token is set.
 */
export function metricsAccess(
  exposure: MetricsExposure,
  listener: MetricsListener,
  authorization: string | undefined,
): MetricsAccess {
  const onPort = exposure.port !== undefined;
  if (onPort !== (listener === 'metrics-port')) return 'not-found';
  if (exposure.token)
    return presentsToken(authorization, exposure.token) ? 'serve' : 'unauthorized';
  if (exposure.isProduction && !onPort) return 'not-found';
  return 'serve';
}

/** Whether an Authorization header is `Bearer <token>`, compared in constant time. */
function presentsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Hashes of equal length, so neither the length nor the content leaks through timing.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
