import type { Environment } from '../config/environment.js';
import type { OtlpProtocol, SamplerName } from './otel-names.js';

/** The variables tracing reads (validated by Environment). */
export type TracingEnvironment = Pick<
  Environment,
  | 'OTEL_SDK_DISABLED'
  | 'OTEL_EXPORTER_OTLP_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_PROTOCOL'
  | 'OTEL_SERVICE_NAME'
  | 'OTEL_TRACES_SAMPLER'
  | 'OTEL_TRACES_SAMPLER_ARG'
  | 'OTEL_BSP_SCHEDULE_DELAY'
  | 'OTEL_BSP_MAX_QUEUE_SIZE'
>;

/** How spans are made and sent, once tracing is on. */
export interface TracingSettings {
  /** The full URL spans are posted to. */
  url: string;
  protocol: OtlpProtocol;
  serviceName: string;
  sampler: SamplerName;
  /** The share of new traces the ratio samplers keep (OTEL_TRACES_SAMPLER_ARG, default 1). */
  samplerRatio: number;
  /** Milliseconds between two exports of the spans that ended meanwhile. */
  scheduledDelayMillis: number;
  /** Ended spans held for export at most; past it new ones are dropped (memory stays bounded). */
  maxQueueSize: number;
}

/**
 * Tracing is on when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT, or the traces one)
 * and OTEL_SDK_DISABLED is not true; otherwise null, and nothing of tracing is loaded.
 */
export function tracingSettings(env: TracingEnvironment): TracingSettings | null {
  if (env.OTEL_SDK_DISABLED) return null;
  const url = tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (!url) return null;
  return {
    url,
    protocol: env.OTEL_EXPORTER_OTLP_PROTOCOL,
    serviceName: env.OTEL_SERVICE_NAME,
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG ?? 1,
    scheduledDelayMillis: env.OTEL_BSP_SCHEDULE_DELAY,
    maxQueueSize: env.OTEL_BSP_MAX_QUEUE_SIZE,
  };
}

/**
 * Where spans go, as the OTLP exporter specification says: the traces endpoint as it is, or
 * the base endpoint with `v1/traces` appended to its path.
 */
export function tracesUrl(base?: string, traces?: string): string | null {
  if (traces) return traces;
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}
