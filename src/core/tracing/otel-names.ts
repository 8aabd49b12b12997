/**
 * Values of the OpenTelemetry variables that Environment validates; kept apart from the SDK so
 * that reading the configuration never loads it.
 */

/** The OTLP encodings this build can send (both over HTTP; gRPC would add @grpc/grpc-js). */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** OTEL_TRACES_SAMPLER's values, as the OpenTelemetry specification names them. */
export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/**
 * OTEL_EXPORTER_OTLP_HEADERS: comma-separated `key=value` pairs (values percent-encoded, as the
 * specification says), e.g. `authorization=Bearer%20abc,x-scope=city`.
 */
export const OTLP_HEADERS = /^\s*[^=,\s]+\s*=[^,]+(?:,\s*[^=,\s]+\s*=[^,]+)*\s*$/;
