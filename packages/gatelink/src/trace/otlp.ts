/**
 * Sends each request's hops as OpenTelemetry spans to a collector over OTLP/HTTP with JSON bodies,
 * when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, the
 * ecosystem's convention. The trace id is the AWS one the load balancer stamped (X-Amzn-Trace-Id
 * `Root=1-<8 hex>-<24 hex>`, its two hex parts joined, as X-Ray's OpenTelemetry id generator does),
 * so spans line up with what the task logs. A few dozen lines instead of the OpenTelemetry SDK: the
 * SDK's exporter pulls in its whole tracing pipeline for what is one JSON POST per batch.
 * https://opentelemetry.io/docs/specs/otlp/#otlphttp and https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Hop, RequestRecord } from './record.js';

export interface OtlpSettings {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
}

const BATCH_RECORDS = 256;
const MAX_QUEUED = 4_096;
const FLUSH_MS = 1_000;
const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

/** The exporter's settings from the standard environment variables, or undefined when none is set. */
export function otlpSettingsFromEnv(env: NodeJS.ProcessEnv): OtlpSettings | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!traces && !base) return undefined;
  const url = traces || `${(base as string).replace(/\/+$/, '')}/v1/traces`;
  const headers: Record<string, string> = {};
  for (const pair of (env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return { url, headers, serviceName: env.OTEL_SERVICE_NAME || 'gatelink' };
}

export class OtlpExporter {
  private queue: RequestRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(
    private readonly settings: OtlpSettings,
    private readonly logger: Logger,
  ) {}

  add(record: RequestRecord): void {
    if (this.queue.length >= MAX_QUEUED) return;
    this.queue.push(record);
    if (this.queue.length >= BATCH_RECORDS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Sends what is queued; resolves when every send so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0);
    if (batch.length > 0) this.sending = this.sending.then(() => this.send(batch));
    return this.sending;
  }

  private async send(batch: RequestRecord[]): Promise<void> {
    try {
      const response = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.settings.headers },
        body: JSON.stringify(otlpBody(batch, this.settings.serviceName)),
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      const log = this.warned ? this.logger.debug.bind(this.logger) : this.logger.warn.bind(this.logger);
      this.warned = true;
      log({ url: this.settings.url, err: error }, 'OpenTelemetry collector did not take the spans; they are dropped');
    }
  }
}

/** The ExportTraceServiceRequest JSON for these requests: one span per hop, each the child of the hop before it. */
export function otlpBody(records: readonly RequestRecord[], serviceName: string): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', serviceName)] },
        scopeSpans: [{ scope: { name: 'gatelink' }, spans: records.flatMap(spansOf) }],
      },
    ],
  };
}

/** `1-5759e988-bd862e3fe1be46a994272793` → `5759e988bd862e3fe1be46a994272793`. */
export function otelTraceId(awsTraceId: string | undefined): string {
  const match = awsTraceId ? /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(awsTraceId) : null;
  return match ? `${match[1]}${match[2]}` : randomBytes(16).toString('hex');
}

function spansOf(record: RequestRecord): unknown[] {
  const traceId = otelTraceId(record.traceId);
  let parent = '';
  return record.hops.map((hop, index) => {
    const spanId = randomBytes(8).toString('hex');
    const span = {
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name: hop.name,
      kind: index === 0 ? SPAN_KIND.server : hop.kind === 'loadBalancer' ? SPAN_KIND.internal : SPAN_KIND.client,
      startTimeUnixNano: nanos(hop.startedAt),
      endTimeUnixNano: nanos(hop.startedAt + hop.durationMs),
      attributes: hopAttributes(record, hop, index),
      status: hop.error || (hop.status ?? 0) >= 500 ? { code: 2, message: hop.error ?? `HTTP ${hop.status}` } : { code: 1 },
    };
    parent = spanId;
    return span;
  });
}

function hopAttributes(record: RequestRecord, hop: Hop, index: number): unknown[] {
  const attributes = [attribute('gatelink.hop', hop.kind), ...Object.entries(hop.detail).map(([key, value]) => attribute(`gatelink.${key.replace(/\s+/g, '_')}`, value))];
  if (hop.status !== undefined) attributes.push(attribute('http.response.status_code', hop.status));
  if (index === 0) {
    attributes.push(attribute('http.request.method', record.method), attribute('url.path', record.path), attribute('aws.api_gateway.request_id', record.id));
    if (record.traceId) attributes.push(attribute('aws.xray.trace_id', record.traceId));
  }
  return attributes;
}

function attribute(key: string, value: string | number): unknown {
  return { key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } };
}

function nanos(epochMs: number): string {
  return (BigInt(Math.round(epochMs * 1000)) * 1000n).toString();
}
