/**
 * The console's routes and its one live stream, over a real admin server: the stream starts with
 * the status, recent requests and log history, then pushes request batches, changed status and new
 * log lines; capture runs only while a page is connected. The page gets this start's token.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startAdminServer } from '../../src/admin/server.js';
import type { Status } from '../../src/admin/status.js';
import { LogTail } from '../../src/console/log-tail.js';
import { consoleRoutes } from '../../src/console/routes.js';
import { ConsoleFiles } from '../../src/console/static-files.js';
import { ConsoleStream } from '../../src/console/stream.js';
import { buildTopology } from '../../src/console/topology.js';
import { NetworkModel } from '../../src/network/index.js';
import { gatewayChannel } from '../../src/trace/channels.js';
import type { GatewayRequestEvent } from '../../src/trace/channels.js';
import { RequestCollector } from '../../src/trace/collector.js';
import { consolePlan } from './plan-fixture.js';

interface Event { event: string; data: unknown }

async function eventually<T>(check: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function gatewayEvent(requestId: string, path: string, status: number): GatewayRequestEvent {
  return { requestId, api: 'abc123', method: 'GET', path, headers: { authorization: 'Bearer s' }, startedAtMs: Date.now(), durationMs: 2, stage: '$default', routeKey: 'ANY /{proxy+}', status, responseLength: 2 };
}

test('the stream: initial status, requests and logs; then batches of requests, changed status, new log lines; capture only while connected', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-console-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'shopService'));
  const logFile = path.join(dir, 'shopService', 'task-1.log');
  writeFileSync(logFile, '2026-12-06T01:00:00.000Z started\n');
  const plan = consolePlan();
  let status = { version: 1, services: [{ name: 'shopService', tasks: [] }] } as unknown as Status;
  const collector = new RequestCollector(plan, () => undefined);
  const stream = new ConsoleStream({ status: () => status, collector, logs: new LogTail(dir, ['shopService']) });
  const admin = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => status, extension: consoleRoutes({ files: new ConsoleFiles(undefined), stream, collector, topology: () => buildTopology(plan, new NetworkModel(plan)) }) });
  t.after(async () => {
    stream.close();
    await admin.close();
  });

  assert.equal(gatewayChannel.hasSubscribers, false);
  const events: Event[] = [];
  const request = http.get(`${admin.url}/v1/console/stream`);
  t.after(() => request.destroy());
  const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
  assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
  let buffered = '';
  response.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  });
  await eventually(() => events.length >= 3, 'the initial events');
  assert.deepEqual(events.slice(0, 3).map((event) => event.event), ['status', 'requests', 'logs']);
  assert.ok(gatewayChannel.hasSubscribers, 'capture runs while a page is connected');

  gatewayChannel.publish(gatewayEvent('req-1', '/api/one', 200));
  gatewayChannel.publish(gatewayEvent('req-2', '/api/two', 503));
  const batch = await eventually(() => events.find((event) => event.event === 'requests' && (event.data as unknown[]).length > 0), 'a request batch');
  assert.deepEqual((batch.data as { id: string; status: number }[]).map((row) => [row.id, row.status]), [['req-1', 200], ['req-2', 503]]);

  status = { version: 1, services: [{ name: 'shopService', tasks: [{ id: 'task-1' }] }] } as unknown as Status;
  await eventually(() => events.some((event) => event.event === 'status' && JSON.stringify(event.data).includes('task-1')), 'the changed status');

  appendFileSync(logFile, '2026-12-06T01:00:01.000Z a new line\n');
  await eventually(() => events.some((event) => event.event === 'logs' && JSON.stringify(event.data).includes('a new line')), 'the new log line');

  const trace = (await (await fetch(`${admin.url}/v1/console/requests/req-2`)).json()) as { hops: { headers: Record<string, string> }[] };
  assert.equal(trace.hops[0]?.headers.authorization, 'Bearer [redacted]');
  const found = (await (await fetch(`${admin.url}/v1/console/requests?status=5xx`)).json()) as { requests: { id: string }[]; capacity: number };
  assert.deepEqual([found.requests.map((r) => r.id), found.capacity], [['req-2'], 1000]);

  request.destroy();
  await eventually(() => !gatewayChannel.hasSubscribers, 'capture to stop with the last page gone');
});

test('the page: index.html with this start’s token, fingerprinted assets only by plain name, a note when the console is not built', async (t) => {
  const dist = mkdtempSync(path.join(tmpdir(), 'gatelink-console-dist-'));
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<meta name="gatelink-token" content="__GATELINK_TOKEN__"><script src="/assets/app-1.js"></script>');
  writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
  const plan = consolePlan();
  const collector = new RequestCollector(plan, () => undefined);
  const stream = new ConsoleStream({ status: () => ({}) as Status, collector, logs: new LogTail(dist, []) });
  const routes = (files: ConsoleFiles) => consoleRoutes({ files, stream, collector, topology: () => buildTopology(plan, new NetworkModel(plan)) });
  const admin = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => ({}) as Status, extension: routes(new ConsoleFiles(dist)) });
  t.after(() => admin.close());
  const page = await fetch(`${admin.url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.equal(await page.text(), `<meta name="gatelink-token" content="${admin.token}"><script src="/assets/app-1.js"></script>`);
  const asset = await fetch(`${admin.url}/assets/app-1.js`);
  assert.deepEqual([asset.status, asset.headers.get('content-type'), await asset.text()], [200, 'text/javascript; charset=utf-8', 'console.log(1)']);
  assert.equal((await fetch(`${admin.url}/assets/..%2Findex.html`)).status, 404);
  const topology = (await (await fetch(`${admin.url}/v1/console/topology`)).json()) as { nodes: unknown[] };
  assert.ok(topology.nodes.length > 5);
  assert.deepEqual(await (await fetch(`${admin.url}/v1/console/queues`)).json(), { queues: [], note: 'this system has no queues' });

  const unbuilt = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => ({}) as Status, extension: routes(new ConsoleFiles(undefined)) });
  t.after(() => unbuilt.close());
  assert.match(await (await fetch(`${unbuilt.url}/`)).text(), /console is not built.*npm run build/s);
});
