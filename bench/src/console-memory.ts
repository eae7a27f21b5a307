/**
 * Memory the console's request buffer holds at its cap: 1,000 captured requests shaped like the
 * bookstore's (four hops' events, each with the headers it saw, and the access-log line), measured as
 * the heap they keep alive after a full GC, before and after every trace is opened (assembled,
 * redacted). Run: `node --expose-gc --import tsx bench/src/console-memory.ts`.
 */
import { randomBytes } from 'node:crypto';
import { consolePlanForMemory } from './console-memory-plan.js';
import { CapturedRequest } from '../../packages/gatelink/src/trace/captured.js';
import { REQUEST_BUFFER_SIZE, RequestBuffer } from '../../packages/gatelink/src/trace/request-buffer.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const plan = consolePlanForMemory();
const clientHeaders = (i: number) => ({ host: '127.0.0.1:8080', 'user-agent': 'curl/8.5.0', accept: '*/*', 'accept-encoding': 'gzip, deflate', 'x-request-n': String(i), authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature' });

function record(i: number) {
  const requestId = randomBytes(12).toString('base64');
  const trace = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const forwarded = { ...clientHeaders(i), host: 'internal-FargateV-httpapiInt-JUED69B7GB.us-east-1.elb.amazonaws.com', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-port': '80', forwarded: 'by=10.0.2.147;for=127.0.0.1;host=127.0.0.1:8080;proto=http' };
  const start = performance.timeOrigin + performance.now();
  return new CapturedRequest(
    { requestId, api: 'abc123', method: 'GET', path: `/api/books/${i}`, headers: clientHeaders(i), sourceIp: '127.0.0.1', startedAtMs: Date.now(), durationMs: 9.5, stage: '$default', routeKey: 'ANY /{proxy+}', status: 200, responseLength: 842, integrationLatencyMs: 9, integrationStatus: 200, accessLogLine: `{"requestId":"${requestId}","ip":"127.0.0.1","requestTime":"06/Dec/2026:03:07:17 +0000","httpMethod":"GET","routeKey":"ANY /{proxy+}","path":"/api/books/${i}","status":"200","protocol":"HTTP/1.1","responseLength":"842","integrationStatus":"200","integrationLatency":"9","integrationError":"-"}` },
    {
      link: { requestId, integrationId: 'S/Integration', vpcLink: 'S/Link', sourceIp: '10.0.2.147', method: 'GET', url: `/api/books/${i}`, headers: forwarded, startedAt: start },
      rule: { requestId, listenerId: 'FargateVpclinkStack/httpapiInternalALBhttpapiListenerC81C1C7E', ruleId: 'FargateVpclinkStack/httpapiInternalALBhttpapiListenerbookServiceTargetGroupRule9FA294B6', priority: 1, at: start + 0.2 },
      target: { requestId, via: 'elb', group: 'FargateV-httpapiInt-FDA8S1JK7W', targetId: randomBytes(16).toString('hex'), address: '127.0.0.1:37585', headers: { ...forwarded, 'x-amzn-trace-id': trace }, startedAt: start + 0.3, durationMs: 8.5, status: 200 },
    },
    { plan, serviceOfTask: () => 'bookService' },
  );
}

gc();
const before = process.memoryUsage().heapUsed;
const buffer = new RequestBuffer<CapturedRequest>();
for (let i = 0; i < REQUEST_BUFFER_SIZE * 3; i++) buffer.add(record(i));
gc();
const held = process.memoryUsage().heapUsed - before;
for (const captured of buffer.query()) captured.record();
gc();
const opened = process.memoryUsage().heapUsed - before;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB (${Math.round(bytes / buffer.size)} bytes per request)`;
process.stdout.write(`request buffer at its cap, ${buffer.size} requests: ${mib(held)}; with every trace opened: ${mib(opened)}\n`);
