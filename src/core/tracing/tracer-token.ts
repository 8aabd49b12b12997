/**
 * The injection token of the app's Tracer (@opentelemetry/api), or null when tracing is off.
 * Apart from tracing.ts, so that the hooks that inject it never load the SDK.
 */
export const TRACER = Symbol('Tracer');
