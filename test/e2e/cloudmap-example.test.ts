/**
 * examples/cloudmap-api through `gatelink up --cdk-dir`, as a user runs it: HTTP API → VPC link →
 * Cloud Map (SRV) → Fargate tasks with no load balancer. Requests reach the tasks Cloud Map lists,
 * spread over both; a killed task leaves Cloud Map and its replacement joins; SIGTERM stops it all.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, isAlive, portIsFree, repoRoot, startSystem } from './system.js';
import type { RunningSystem, Status } from './system.js';

let system: RunningSystem;

before(async () => {
  // The image builds service/dist; natively it has to be built first, as the README says.
  execFileSync('npm', ['run', 'build', '--workspace', '@gatelink/cloudmap-api-example'], { cwd: repoRoot, stdio: 'ignore' });
  const startedAt = Date.now();
  system = await startSystem({ args: ['--cdk-dir', 'examples/cloudmap-api', '--log-format', 'ACCESS $context.requestId $context.status $context.routeKey'] });
  await eventually(async () => allHealthy(await system.status()) && healthyInstances(await system.status()).length === 2, 120_000, `both tasks healthy in Cloud Map\n${system?.output() ?? ''}`);
  console.log(`# cloudmap-api start-to-healthy (cold or warm synth): ${Date.now() - startedAt} ms`);
});

after(async () => {
  await system.stop();
});

function moviesService(status: Status): Status['services'][number] {
  const service = status.services.find((candidate) => candidate.name === 'MoviesService');
  assert.ok(service, 'the MoviesService ECS service runs');
  return service;
}

function healthyInstances(status: Status): { id: string; port: string }[] {
  const movies = status.cloudMap?.find((entry) => entry.namespace === 'movies.local' && entry.service === 'movies');
  return movies?.instances.filter((instance) => instance.health === 'HEALTHY') ?? [];
}

/** The pid in `x-served-by: <hostname>:<pid>`. */
function servedBy(response: Response): number {
  const header = response.headers.get('x-served-by') ?? '';
  return Number(header.slice(header.lastIndexOf(':') + 1));
}

test('no load balancer: two tasks, both registered in Cloud Map movies.local/movies at their ports', async () => {
  const status = await system.status();
  assert.deepEqual(status.targetGroups, []);
  const service = moviesService(status);
  assert.equal(service.desiredCount, 2);
  assert.deepEqual(
    healthyInstances(status).map((instance) => Number(instance.port)).sort(),
    service.tasks.map((task) => task.port).sort(),
  );
  assert.deepEqual(status.routes.map((route) => route.routeKey).sort(), ['GET /movies', 'GET /movies/{id}', 'POST /movies']);
});

test('--log-format prints one access-log line per request to stdout, in the given $context format', async () => {
  const response = await fetch(`${system.gateway}/movies/424242`);
  const requestId = response.headers.get('apigw-requestid') ?? '';
  await eventually(() => system.output().includes(`ACCESS ${requestId} 404 GET /movies/{id}`), 10_000, `the access-log line of ${requestId}`);
});

test('GET /movies reaches a task through the Cloud Map integration', async () => {
  const response = await fetch(`${system.gateway}/movies`);
  assert.equal(response.status, 200);
  assert.ok(response.headers.get('apigw-requestid'), 'the HTTP API adds apigw-requestid');
  const pids = moviesService(await system.status()).tasks.map((task) => task.pid);
  assert.ok(pids.includes(servedBy(response)), 'served by one of the service tasks');
  const movies = (await response.json()) as { id: number; title: string }[];
  assert.deepEqual(movies.map((movie) => movie.id), [1, 2, 3]);
});

test('GET /movies/{id}: a movie, and the task’s own 404 {message} for an unknown id', async () => {
  const found = await fetch(`${system.gateway}/movies/3`);
  assert.equal(found.status, 200);
  assert.equal(((await found.json()) as { title: string }).title, 'Arrival');
  const missing = await fetch(`${system.gateway}/movies/999`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { message: 'movie 999 not found' });
  assert.ok(missing.headers.get('x-served-by'), 'the 404 came from a task, not the gateway');
});

test('POST /movies: 400 {message} from the task on a bad body, 201 on a good one', async () => {
  const post = (body: unknown): Promise<Response> =>
    fetch(`${system.gateway}/movies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const invalid = await post({ title: '' });
  assert.equal(invalid.status, 400);
  const { message } = (await invalid.json()) as { message: string };
  assert.match(message, /required property 'year'/);
  const created = await post({ title: 'Heat', year: 1995 });
  assert.equal(created.status, 201);
  assert.equal(((await created.json()) as { title: string }).title, 'Heat');
});

test('paths and methods no route matches get the HTTP API 404 {"message":"Not Found"}', async () => {
  for (const [method, path] of [['GET', '/health'], ['DELETE', '/movies/1']] as const) {
    const response = await fetch(`${system.gateway}${path}`, { method });
    assert.equal(response.status, 404, `${method} ${path}`);
    assert.deepEqual(await response.json(), { message: 'Not Found' });
    assert.equal(response.headers.get('x-served-by'), null, 'answered by the gateway');
  }
});

test('requests spread over both tasks (random choice among healthy instances)', async () => {
  const pids = moviesService(await system.status()).tasks.map((task) => task.pid);
  const counts = new Map<number, number>();
  for (let i = 0; i < 40; i += 1) {
    const response = await fetch(`${system.gateway}/movies`);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    counts.set(servedBy(response), (counts.get(servedBy(response)) ?? 0) + 1);
  }
  console.log(`# 40 requests over the Cloud Map instances: ${JSON.stringify(Object.fromEntries(counts))}`);
  assert.deepEqual([...counts.keys()].sort(), [...pids].sort(), 'every request went to a task, and both tasks got some');
});

test('kill -9 of a task: it leaves Cloud Map, its replacement joins and serves', async () => {
  const victim = moviesService(await system.status()).tasks[0];
  assert.ok(victim);
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = Date.now();
  const replaced = await eventually(
    async () => {
      const status = await system.status();
      const ports = healthyInstances(status).map((instance) => Number(instance.port));
      const tasks = moviesService(status).tasks;
      return ports.length === 2 && !ports.includes(victim.port) && !tasks.some((task) => task.id === victim.id) ? tasks : undefined;
    },
    10_000,
    'a replacement task registered in Cloud Map',
  );
  console.log(`# kill -9 → replacement healthy in Cloud Map in ${Date.now() - killedAt} ms`);
  const seen = new Set<number>();
  for (let i = 0; i < 40; i += 1) {
    const response = await fetch(`${system.gateway}/movies`);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    seen.add(servedBy(response));
  }
  assert.equal(seen.has(victim.pid), false);
  assert.deepEqual([...seen].sort(), replaced.map((task) => task.pid).sort());
});

test('SIGTERM stops gatelink and every task, and frees the ports', async () => {
  const pids = moviesService(await system.status()).tasks.map((task) => task.pid);
  const ports = [Number(new URL(system.gateway).port), Number(new URL(system.admin).port)];
  const stoppingAt = Date.now();
  await system.stop('SIGTERM');
  const stopMs = Date.now() - stoppingAt;
  console.log(`# SIGTERM → stopped in ${stopMs} ms`);
  assert.ok(stopMs < 15_000, `stopped in ${stopMs} ms`);
  for (const pid of pids) assert.equal(isAlive(pid), false, `task ${pid} is gone`);
  for (const port of ports) assert.equal(await portIsFree(port), true, `port ${port} released`);
});
