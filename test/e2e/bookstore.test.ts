/**
 * The bookstore system through `npm start`, as a user runs it: gateway → VPC link → ALB → task →
 * DynamoDB; AWS's own answers for unmatched routes; a task killed with SIGKILL is replaced; SIGTERM
 * stops everything and a restart keeps the data.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, isAlive, portIsFree, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

let system: RunningSystem;
let startedAt: number;

before(async () => {
  startedAt = Date.now();
  system = await startSystem();
  await eventually(async () => allHealthy(await system.status()), 120_000, `all tasks healthy\n${system?.output() ?? ''}`);
  console.log(`# start-to-healthy (cold or warm synth): ${Date.now() - startedAt} ms`);
});

after(async () => {
  await system.stop();
});

test('GET /api/books returns the six seed books through every hop', async () => {
  const response = await fetch(`${system.gateway}/api/books`);
  assert.equal(response.status, 200);
  assert.ok(response.headers.get('apigw-requestid'), 'the HTTP API adds apigw-requestid');
  const books = (await response.json()) as { id: number; title: string }[];
  assert.deepEqual(books.map((book) => book.id).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
  assert.ok(books.some((book) => book.title === 'Mastering AWS Security'));
});

test('GET /v1/ready on the admin API: 200 with every service at its desired count of healthy tasks', async () => {
  const response = await fetch(`${system.admin}/v1/ready`);
  assert.equal(response.status, 200);
  const readiness = (await response.json()) as { ready: boolean; services: { name: string; desiredCount: number; healthyCount: number }[] };
  assert.equal(readiness.ready, true);
  assert.deepEqual(readiness.services.map((service) => [service.name, service.desiredCount, service.healthyCount]).sort(), [
    ['authorService', 2, 2],
    ['bookService', 2, 2],
  ]);
});

test('GET /api/authors/1 reaches the author service', async () => {
  const response = await fetch(`${system.gateway}/api/authors/1`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { name: string }).name, 'Mark Wilkins');
});

test('GET / matches no route: the HTTP API answers 404 {"message":"Not Found"}', async () => {
  const response = await fetch(`${system.gateway}/`);
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { message: 'Not Found' });
  assert.ok(response.headers.get('apigw-requestid'));
});

test('a path no listener rule matches gets the listener default action: fixed 200', async () => {
  const response = await fetch(`${system.gateway}/no/such/service`);
  assert.equal(response.status, 200);
  await response.arrayBuffer();
});

test('status reports two healthy tasks per service and both target groups', async () => {
  const status = await system.status();
  for (const service of status.services) {
    assert.equal(service.desiredCount, 2, service.name);
    assert.equal(service.tasks.filter((task) => task.health === 'healthy').length, 2, service.name);
  }
  assert.equal(status.targetGroups.length, 2);
  assert.ok(status.routes.some((route) => route.routeKey === 'ANY /{proxy+}'));
});

test('kill -9 of a task: replaced and healthy again, at most one request fails meanwhile', async () => {
  const before = await system.status();
  const service = before.services.find((s) => s.name.toLowerCase().includes('book')) ?? before.services[0];
  assert.ok(service);
  const victim = service.tasks[0];
  assert.ok(victim);
  let failures = 0;
  let requests = 0;
  let polling = true;
  const load = (async () => {
    while (polling) {
      requests += 1;
      const response = await fetch(`${system.gateway}/api/books/health`).catch(() => undefined);
      if (!response || response.status !== 200) failures += 1;
      await response?.arrayBuffer();
      // Paced under the stage's throttling (100 rps, burst 200): a 429 here would be AWS-faithful, not a failover loss.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = Date.now();
  await eventually(
    async () => {
      const s = (await system.status()).services.find((x) => x.name === service.name);
      return s && !s.tasks.some((t) => t.id === victim.id) && s.tasks.filter((t) => t.health === 'healthy').length >= 2;
    },
    10_000,
    'replacement task healthy',
  );
  console.log(`# kill -9 → replaced and healthy in ${Date.now() - killedAt} ms; ${failures} of ${requests} requests failed`);
  polling = false;
  await load;
  assert.ok(failures <= 1, `${failures} requests failed`);
});

test('SIGTERM stops everything, then a restart on the same data dir keeps what was written', async () => {
  const created = await fetch(`${system.gateway}/api/books`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ isbn: 9780000000001, title: 'Durable by Design', publisher: 'gatelink', date: '11/22/2026', authorId: 1 }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = (await created.json()) as { id: number };
  const status = await system.status();
  const pids = status.services.flatMap((service) => service.tasks.map((task) => task.pid));
  const ports = [Number(new URL(system.gateway).port), Number(new URL(system.admin).port)];
  const stoppingAt = Date.now();
  const code = await system.stop('SIGTERM');
  const stopMs = Date.now() - stoppingAt;
  console.log(`# SIGTERM → stopped in ${stopMs} ms (exit ${code})`);
  assert.ok(stopMs < 15_000, `stopped in ${stopMs} ms`);
  for (const pid of pids) assert.equal(isAlive(pid), false, `task ${pid} is gone`);
  for (const port of ports) assert.equal(await portIsFree(port), true, `port ${port} released`);

  const again = await startSystem({ dataDir: system.dataDir });
  try {
    await eventually(async () => allHealthy(await again.status()), 60_000, 'restart healthy');
    const response = await fetch(`${again.gateway}/api/books/${id}`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { title: string }).title, 'Durable by Design');
    const all = (await (await fetch(`${again.gateway}/api/books?limit=100`)).json()) as unknown[];
    assert.equal(all.length, 7, 'seeding did not run twice');
  } finally {
    await again.stop();
  }
});
