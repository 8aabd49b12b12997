import { validateEnvironment } from '../config/environment.js';
import { createSampler } from './tracing.js';
import { tracesUrl, tracingSettings } from './tracing-settings.js';

describe('tracingSettings', () => {
  it('is off (null) without an endpoint, whatever else is set', () => {
    expect(tracingSettings(validateEnvironment({}))).toBeNull();
    expect(
      tracingSettings(
        validateEnvironment({ OTEL_SERVICE_NAME: 'city', OTEL_TRACES_SAMPLER: 'always_on' }),
      ),
    ).toBeNull();
    // An empty value, as a compose file passes an unset variable, is unset.
    expect(tracingSettings(validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }))).toBeNull();
  });

  it('is off with OTEL_SDK_DISABLED, even with an endpoint', () => {
    const env = validateEnvironment({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SDK_DISABLED: 'true',
    });
    expect(tracingSettings(env)).toBeNull();
  });

  it('is on with an endpoint, with the defaults of the specification and of the service', () => {
    expect(
      tracingSettings(
        validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }),
      ),
    ).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      serviceName: 'wontak',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      scheduledDelayMillis: 5000,
      maxQueueSize: 2048,
    });
  });

  it('reads every variable it documents', () => {
    const settings = tracingSettings(
      validateEnvironment({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/api/v1/spans',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'wontak-namwon',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
        OTEL_BSP_SCHEDULE_DELAY: '1000',
        OTEL_BSP_MAX_QUEUE_SIZE: '256',
        OTEL_SDK_DISABLED: 'false',
      }),
    );
    expect(settings).toEqual({
      url: 'https://traces.example/api/v1/spans',
      protocol: 'http/json',
      serviceName: 'wontak-namwon',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.1,
      scheduledDelayMillis: 1000,
      maxQueueSize: 256,
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'gRPC is not built in'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'authorization' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: '=value' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '0' }, 'OTEL_EXPORTER_OTLP_TIMEOUT'],
    [{ OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' }, 'OTEL_EXPORTER_OTLP_COMPRESSION'],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'just-a-word' }, 'OTEL_RESOURCE_ATTRIBUTES'],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_BSP_MAX_QUEUE_SIZE: '0' }, 'OTEL_BSP_MAX_QUEUE_SIZE'],
  ])('refuses %j, naming it', (variables, named) => {
    expect(() => validateEnvironment(variables)).toThrow(named);
  });

  it('accepts headers as the specification writes them, values percent-encoded', () => {
    const env = validateEnvironment({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20d2FudGFrOnNlY3JldA==,x-scope-orgid=namwon',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=production',
    });
    expect(env.OTEL_EXPORTER_OTLP_HEADERS).toContain('x-scope-orgid=namwon');
  });
});

describe('tracesUrl', () => {
  it('appends v1/traces to the base endpoint, once', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('https://otlp.example/tenant/7')).toBe(
      'https://otlp.example/tenant/7/v1/traces',
    );
  });

  it('takes the traces endpoint as it is, before the base one', () => {
    expect(tracesUrl('http://a:4318', 'http://b:4318/custom')).toBe('http://b:4318/custom');
    expect(tracesUrl(undefined, 'http://b:4318/custom')).toBe('http://b:4318/custom');
    expect(tracesUrl()).toBeNull();
  });
});

describe('createSampler', () => {
  it.each([
    ['always_on', 1, 'AlwaysOnSampler'],
    ['always_off', 1, 'AlwaysOffSampler'],
    ['traceidratio', 0.25, 'TraceIdRatioBased{0.25}'],
    ['parentbased_always_on', 1, 'ParentBased{root=AlwaysOnSampler'],
    ['parentbased_always_off', 1, 'ParentBased{root=AlwaysOffSampler'],
    ['parentbased_traceidratio', 0.1, 'ParentBased{root=TraceIdRatioBased{0.1}'],
  ] as const)('%s (%d) is %s', (name, ratio, description) => {
    expect(createSampler(name, ratio).toString()).toContain(description);
  });
});
