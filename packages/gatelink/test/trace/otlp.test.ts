/** OTLP/HTTP JSON export: the environment's endpoint, one span per hop chained by parent, the AWS trace id as the trace id. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import pino from 'pino';
import { OtlpExporter, otelTraceId, otlpSettingsFromEnv } from '../../src/trace/otlp.js';
import type { RequestRecord } from '../../src/trace/record.js';

const record: RequestRecord = {
  id: 'Bjvlq14mPRvJqxE=',
  traceId: '1-6b14cda9-b275d10f63ca86ecc6aed078',
  method: 'GET',
  path: '/api/books',
  status: 200,
  startedAt: 1_796_525_481_250,
  durationMs: 9.5,
  api: 'abc',
  stage: '$default',
  routeKey: 'ANY /{proxy+}',
  hops: [
    { kind: 'gateway', name: 'HTTP API shop ($default)', startedAt: 1_796_525_481_250, durationMs: 9.5, status: 200, detail: { route: 'ANY /{proxy+}' } },
    { kind: 'link', name: 'VPC link l', startedAt: 1_796_525_481_250.3, durationMs: 9, detail: {} },
    { kind: 'loadBalancer', name: 'listener L', startedAt: 1_796_525_481_250.4, durationMs: 8.9, status: 200, detail: { rule: 'R (priority 1)' } },
    { kind: 'task', name: 'task t', startedAt: 1_796_525_481_250.5, durationMs: 8.5, status: 503, detail: {}, error: 'boom' },
  ],
};

test('settings: OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/traces, the traces endpoint is used as is, headers parsed; none set: no exporter', () => {
  assert.equal(otlpSettingsFromEnv({}), undefined);
  assert.deepEqual(otlpSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/', OTEL_EXPORTER_OTLP_HEADERS: 'x-team=a%20b,k=v' }), { url: 'http://c:4318/v1/traces', headers: { 'x-team': 'a b', k: 'v' }, serviceName: 'gatelink' });
  assert.equal(otlpSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/x', OTEL_SERVICE_NAME: 'shop' })?.url, 'http://t/x');
});

test('the AWS trace id becomes the OpenTelemetry trace id (its hex parts joined)', () => {
  assert.equal(otelTraceId('1-6b14cda9-b275d10f63ca86ecc6aed078'), '6b14cda9b275d10f63ca86ecc6aed078');
  assert.match(otelTraceId(undefined), /^[0-9a-f]{32}$/);
});

test('a batch is POSTed as ExportTraceServiceRequest JSON: spans chained by parent, timings in nanoseconds, errors as status 2', async (t) => {
  const bodies: { url?: string; type?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push({ url: req.url, type: req.headers['content-type'], body });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const exporter = new OtlpExporter({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, headers: {}, serviceName: 'gatelink' }, pino({ level: 'silent' }));
  exporter.add(record);
  await exporter.flush();
  assert.equal(bodies.length, 1);
  assert.equal(bodies[0]?.url, '/v1/traces');
  assert.equal(bodies[0]?.type, 'application/json');
  const sent = JSON.parse(bodies[0]?.body ?? '{}') as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue: string } }[] }; scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string; startTimeUnixNano: string; status: { code: number } }[] }[] }[] };
  const resource = sent.resourceSpans[0];
  assert.deepEqual(resource?.resource.attributes[0], { key: 'service.name', value: { stringValue: 'gatelink' } });
  const spans = resource?.scopeSpans[0]?.spans ?? [];
  assert.equal(spans.length, 4);
  assert.ok(spans.every((span) => span.traceId === '6b14cda9b275d10f63ca86ecc6aed078'));
  assert.equal(spans[0]?.parentSpanId, undefined);
  for (let i = 1; i < spans.length; i++) assert.equal(spans[i]?.parentSpanId, spans[i - 1]?.spanId);
  assert.equal(spans[0]?.startTimeUnixNano, '1796525481250000000');
  assert.deepEqual(spans.map((span) => span.status.code), [1, 1, 1, 2]);
});
