import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { SamplerName } from './otel-names.js';
import type { TracingSettings } from './tracing-settings.js';

/** The instrumentation scope of every span the app makes. */
const TRACER_NAME = 'wontak';

/**
 * A statement's text or an operation's name longer than this is cut in its span: the spans of
 * one request stay a few kilobytes whatever a client sends.
 */
const ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;

/**
 * Tracing as this process runs it: the tracer every span is made with, and the provider behind
 * it, to flush at shutdown. Made once per process (the context manager and the propagator it
 * installs are the process's) by startTracing, and given to createApp, which installs the hooks
 * (HTTP, GraphQL, SQL) only when it has one: without it, nothing of tracing runs at all.
 *
 * Why spans made by hand rather than OpenTelemetry's automatic instrumentations (-http,
 * -express, -pg, -graphql): those patch modules as they load, which under ESM takes a loader hook
 * registered before anything imports `pg` or `http` (`--import` of a register module, through
 * `module.register`, which Node 26 deprecates), in every way the app starts (npm start, the
 * Docker image, the CLI, the tests); jest runs the tests through its own module loader, which
 * such hooks never see, so they could not be tested there. Made here, the spans are the ones an
 * operator reads (one per request, per operation, per resolver method of ours, per statement),
 * bounded per request (request-trace.ts), and cost nothing when tracing is off because no hook is
 * installed then.
 */
export class Tracing {
  readonly tracer: Tracer;

  constructor(
    private readonly provider: TracerProvider,
    /** Where the spans go, for the start's log. */
    readonly description: string,
  ) {
    this.tracer = provider.getTracer(TRACER_NAME);
  }

  /** Sends the spans that ended and are still waiting. */
  async forceFlush(): Promise<void> {
    await this.provider.forceFlush();
  }

  /**
   * Sends what is waiting, stops the processors, and uninstalls the process's globals. Waits
   * `timeoutMs` at most: an unreachable collector must not hold a shutdown past its grace
   * period (what it did not receive by then is lost).
   */
  async shutdown(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.provider.shutdown(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
    } finally {
      clearTimeout(timer);
      trace.disable();
      propagation.disable();
      context.disable();
    }
  }
}

export interface TracingOptions {
  spanProcessors: SpanProcessor[];
  /** Default: every new trace is kept, and a `traceparent` header's sampled flag is followed. */
  sampler?: Sampler;
  /** `service.name`; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read on top. */
  serviceName?: string;
  /** Where the spans go, for the start's log. */
  description?: string;
}

/**
 * Installs tracing in this process: an AsyncLocalStorage context manager (a span stays current
 * across the awaits of the request it belongs to), the W3C trace-context propagator (a
 * `traceparent` header continues the caller's trace), and a tracer provider sending to
 * `spanProcessors`. Once per process; `shutdown()` undoes it.
 */
export function startTracing(options: TracingOptions): Tracing {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(contextManager)) {
    throw new Error('Tracing is already started in this process');
  }
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const provider = new TracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName ?? 'wontak' }))
      .merge(
        detectResources({ detectors: [hostDetector, serviceInstanceIdDetector, envDetector] }),
      ),
    sampler: options.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanLimits: { attributeValueLengthLimit: ATTRIBUTE_VALUE_LENGTH_LIMIT },
    spanProcessors: options.spanProcessors,
  });
  trace.setGlobalTracerProvider(provider);
  return new Tracing(provider, options.description ?? 'spans to the given processors');
}

/**
 * Tracing with `settings` (tracingSettings): spans batched (every OTEL_BSP_SCHEDULE_DELAY ms, at
 * most OTEL_BSP_MAX_QUEUE_SIZE waiting) and sent over OTLP/HTTP in protobuf or JSON. The
 * exporter reads OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT and _COMPRESSION itself.
 */
export function startTracingWith(settings: TracingSettings): Tracing {
  const Exporter = settings.protocol === 'http/json' ? OtlpJsonExporter : OtlpProtobufExporter;
  const exporter = new Exporter({ url: settings.url });
  const { origin, pathname } = new URL(settings.url);
  return startTracing({
    description: `spans go to ${origin}${pathname} (OTLP ${settings.protocol}, sampler ${settings.sampler})`,
    serviceName: settings.serviceName,
    sampler: createSampler(settings.sampler, settings.samplerRatio),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: settings.scheduledDelayMillis,
        maxQueueSize: settings.maxQueueSize,
        maxExportBatchSize: Math.min(512, settings.maxQueueSize),
      }),
    ],
  });
}

/**
 * The sampler OTEL_TRACES_SAMPLER names; `ratio` is the share of traces the ratio samplers
 * keep. The parent-based ones follow the sampled flag of a `traceparent` header sent with the
 * request, and decide alone only for new traces.
 */
export function createSampler(name: SamplerName, ratio = 1): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
