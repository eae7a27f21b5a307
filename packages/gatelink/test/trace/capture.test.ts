/**
 * Request capture through the real data plane (gateway → VPC link → ALB listener → target over
 * sockets): nothing is published while no one listens; while the collector listens each request
 * becomes one record with a hop per component, what each decided, and redacted headers.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import { DataPlane } from '../../src/runtime/data-plane.js';
import { timingProfile } from '../../src/timing/profile.js';
import { gatewayChannel } from '../../src/trace/channels.js';
import { RequestCollector } from '../../src/trace/collector.js';
import { consolePlan } from '../console/plan-fixture.js';

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('capture: off until someone listens; then gateway, link, load balancer and task hops per request, secrets redacted', async (t) => {
  const target = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ trace: req.headers['x-amzn-trace-id'] })));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  t.after(() => target.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-capture-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const plan = consolePlan();
  const dataPlane = await DataPlane.start({ plan, timing: timingProfile('local'), logger: pino({ level: 'silent' }), registry: new CloudMapRegistry(plan), host: '127.0.0.1', port: 0, dataDir: dir, accessLog: { file: path.join(dir, 'access.log'), stdout: false } });
  t.after(() => dataPlane.close());
  dataPlane.targetGroupPort('S/Tg').register({ id: 'task-1', host: '127.0.0.1', port: (target.address() as AddressInfo).port, networkPort: 8080, securityGroupIds: ['S/TaskSg'] });
  await eventually(() => dataPlane.targetGroupStatus()[0]?.targets[0]?.state === 'healthy', 'the target healthy');
  const collector = new RequestCollector(plan, (id) => (id === 'task-1' ? 'shopService' : undefined));

  assert.equal(gatewayChannel.hasSubscribers, false);
  await (await fetch(`${dataPlane.url}/api/books`)).text();
  assert.equal(collector.buffer.size, 0, 'nothing is captured while no one listens');

  const seen: string[] = [];
  const stop = collector.listen((record) => seen.push(record.id));
  const response = await fetch(`${dataPlane.url}/api/books?x=1`, { headers: { authorization: 'Bearer top-secret', cookie: 'sid=1' } });
  const { trace } = (await response.json()) as { trace: string };
  const requestId = response.headers.get('apigw-requestid') ?? '';
  await eventually(() => seen.includes(requestId), 'the record');
  const record = collector.buffer.get(requestId)?.record();
  assert.ok(record);
  assert.deepEqual(record.hops.map((hop) => hop.kind), ['gateway', 'link', 'loadBalancer', 'task']);
  const [gateway, link, lb, task] = record.hops;
  assert.equal(record.status, 200);
  assert.equal(record.path, '/api/books');
  assert.equal(gateway?.detail.route, 'ANY /{proxy+}');
  assert.equal(gateway?.detail.authorizer, 'none');
  assert.equal(gateway?.headers?.authorization, 'Bearer [redacted]');
  assert.equal(gateway?.headers?.cookie, '[redacted]');
  assert.equal(link?.name, 'VPC link shop-link');
  assert.equal(lb?.detail.rule, 'S/Rule (priority 10)');
  assert.equal(lb?.detail['target group'], 'shop-tg');
  assert.match(task?.name ?? '', /task task-1 \(shopService\)/);
  assert.equal(task?.headers?.authorization, 'Bearer [redacted]');
  assert.equal(task?.headers?.['x-amzn-trace-id'], trace, 'the task hop shows the headers the task received');
  assert.equal(`Root=${record.traceId}`, trace);
  for (const hop of record.hops) assert.ok(hop.durationMs > 0 && hop.durationMs <= record.durationMs + 0.5, `${hop.kind} time within the total`);
  assert.match(record.accessLogLine ?? '', /GET \/api\/books/);

  const miss = await fetch(`${dataPlane.url}/other`);
  await miss.text();
  const missId = miss.headers.get('apigw-requestid') ?? '';
  await eventually(() => seen.includes(missId), 'the default-action record');
  const missed = collector.buffer.get(missId)?.record();
  assert.deepEqual(missed?.hops.map((hop) => hop.kind), ['gateway', 'link', 'loadBalancer']);
  assert.equal(missed?.hops[2]?.detail.rule, 'default action');
  assert.equal(missed?.status, 404);

  stop();
  assert.equal(gatewayChannel.hasSubscribers, false, 'the last listener gone, the data plane publishes nothing again');
});
