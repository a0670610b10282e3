import { type Attributes, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingConfig {
  /** OTLP/HTTP base URL of a collector, e.g. http://otel-collector:4318. */
  endpoint: string;
  serviceName: string;
  /** Extra request headers for the collector (an API key), from OTEL_EXPORTER_OTLP_HEADERS. */
  headers: Record<string, string>;
}

/**
 * OpenTelemetry traces, off unless a collector is configured. Spans carry channels, languages, route patterns and
 * hashed conversation references (src/util/correlation.ts), never message text or ids of people. The provider is
 * the app's own, not the process-wide one, so each app in a process (tests) exports its own spans.
 */
export class Tracing {
  private readonly provider: NodeTracerProvider;
  private readonly tracer: Tracer;

  constructor(config: TracingConfig) {
    const exporter = new OTLPTraceExporter({ url: `${config.endpoint.replace(/\/$/, '')}/v1/traces`, headers: config.headers });
    this.provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.serviceName }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 2000 })],
    });
    this.tracer = this.provider.getTracer('camino');
  }

  /** Runs `work` inside a span; a thrown error marks the span failed (its kind only, no message) and is rethrown. */
  async span<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
    const span = this.tracer.startSpan(name, { attributes });
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  }

  /** A span ended by the caller (an HTTP request ends in another callback). */
  start(name: string, attributes: Attributes): Span {
    return this.tracer.startSpan(name, { attributes });
  }

  /** Sends what is buffered and stops; called on shutdown. */
  async shutdown(): Promise<void> {
    await this.provider.forceFlush();
    await this.provider.shutdown();
  }
}

/** `key=value,key2=value2` as in OTEL_EXPORTER_OTLP_HEADERS. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
