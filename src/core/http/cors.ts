import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';
import type { Environment } from '../config/environment.js';

/**
 * A page served from this machine during development (a front end's dev server on any port):
 * http(s) on localhost, 127.0.0.1 or [::1]. Only a process on this machine can serve one.
 */
const LOOPBACK_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;

export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_ORIGIN.test(origin);
}

/**
 * The browser origins that may call the API: CORS_ORIGINS, and outside production any
 * loopback origin too, so a front end in development works without configuring anything.
 * Production allows CORS_ORIGINS only. Another origin gets no Access-Control-Allow-Origin.
 */
export function corsOptions(env: Environment): CorsOptions {
  const allowed = new Set(env.corsOrigins);
  const loopbackToo = !env.isProduction;
  return {
    origin: (origin, answer) =>
      answer(
        null,
        origin !== undefined && (allowed.has(origin) || (loopbackToo && isLoopbackOrigin(origin))),
      ),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Apollo-Require-Preflight', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  };
}
