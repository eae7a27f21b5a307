/**
 * examples/cloudmap-api (seed 004) through `gatelink up --cdk-dir`, as a user runs it: HTTP API → VPC
 * link → Cloud Map (SRV) → Fargate tasks with no load balancer; the movies service's database
 * password from a generated secret; a front end in a second cluster behind a public ALB, whose
 * origin the API's CORS admits. Requests reach the tasks Cloud Map lists, spread over both; a killed
 * task leaves Cloud Map and its replacement joins; SIGTERM stops it all; the secret and the front
 * end's host port survive a restart.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, isAlive, portIsFree, repoRoot, startSystem } from './system.js';
import type { RunningSystem, Status } from './system.js';

let system: RunningSystem;
const APP = ['--cdk-dir', 'examples/cloudmap-api'];
let firstFrontEndPort = 0;

before(async () => {
  // The images build dist/ (the service, the front end's server and page); natively the root build
  // (npm install's prepare, npm start) does it, as the README says.
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const startedAt = Date.now();
  system = await startSystem({ args: [...APP, '--log-format', 'ACCESS $context.requestId $context.status $context.routeKey'] });
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

interface PublicListenerStatus { loadBalancers: { scheme: string; dnsName?: string; listeners: { port: number; hostPort?: number }[] }[] }

/** The front end ALB's host port: where a browser on this machine opens the front end. */
async function frontEndPort(running: RunningSystem): Promise<{ port: number; dnsName: string }> {
  const status = (await (await fetch(`${running.admin}/v1/status`)).json()) as PublicListenerStatus;
  const alb = status.loadBalancers.find((lb) => lb.scheme === 'internet-facing');
  const port = alb?.listeners.find((listener) => listener.port === 80)?.hostPort;
  assert.ok(alb?.dnsName && port, 'the internet-facing ALB has a host port');
  return { port, dnsName: alb.dnsName };
}

/** The generated password, read from the data dir's secret store (what Secrets Manager would hold). */
function storedPassword(dataDir: string): string {
  const store = JSON.parse(readFileSync(path.join(dataDir, 'secrets', 'store.json'), 'utf8')) as { secrets: Record<string, { versions: { value: string; stages: string[] }[] }> };
  const [secret, ...others] = Object.values(store.secrets);
  assert.equal(others.length, 0, 'one secret in the app');
  const current = secret?.versions.find((version) => version.stages.includes('AWSCURRENT'));
  assert.ok(current, 'the generated secret is in the data dir');
  const value = JSON.parse(current.value) as { username: string; password: string };
  assert.equal(value.username, 'movies', 'SecretStringTemplate kept');
  return value.password;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function diagnostics(running: RunningSystem): Promise<{ database: { username: string; passwordSha256: string } }> {
  const response = await fetch(`${running.gateway}/diagnostics`);
  assert.equal(response.status, 200);
  return (await response.json()) as { database: { username: string; passwordSha256: string } };
}

/** The pid in `x-served-by: <hostname>:<pid>`. */
function servedBy(response: Response): number {
  const header = response.headers.get('x-served-by') ?? '';
  return Number(header.slice(header.lastIndexOf(':') + 1));
}

test('no load balancer on the API’s path: two tasks, both registered in Cloud Map movies.local/movies at their ports', async () => {
  const status = await system.status();
  const frontEnd = status.services.find((service) => service.name === 'FrontEnd');
  assert.ok(frontEnd, 'the front end runs as its own service');
  // The one target group is the front end ALB's, and its one target is the front end's task.
  assert.deepEqual(status.targetGroups.flatMap((group) => group.targets.map((target) => target.port)), frontEnd.tasks.map((task) => task.port));
  const service = moviesService(status);
  assert.equal(service.desiredCount, 2);
  assert.deepEqual(
    healthyInstances(status).map((instance) => Number(instance.port)).sort(),
    service.tasks.map((task) => task.port).sort(),
  );
  assert.deepEqual(status.routes.map((route) => route.routeKey).sort(), ['GET /diagnostics', 'GET /movies', 'GET /movies/{id}', 'POST /movies']);
});

test('the front end is served from the public ALB’s host port, and told the local HTTP API URL', async () => {
  const { port } = await frontEndPort(system);
  firstFrontEndPort = port;
  const page = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<title>Movies<\/title>/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, 'the built page names its script');
  const asset = await fetch(`http://127.0.0.1:${port}${script}`);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  await asset.arrayBuffer();
  // API_URL was https://{apiId}.execute-api.{region}.amazonaws.com/ in the task definition.
  assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/config.json`)).json(), { apiUrl: `${system.gateway}/` });
  assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`connect-src 'self' ${system.gateway.replaceAll('.', '\\.')};`));
});

test('the movies service got the generated secret: /diagnostics gives its SHA-256, and the value appears nowhere', async () => {
  const password = storedPassword(system.dataDir);
  assert.match(password, /^[A-Za-z0-9]{32}$/, 'GenerateSecretString: 32 characters, no punctuation');
  const answer = await diagnostics(system);
  assert.deepEqual(answer.database, { username: 'movies', passwordSha256: sha256(password) });
  const status = await (await fetch(`${system.admin}/v1/status`)).text();
  for (const [where, text] of [['gatelink output', system.output()], ['status', status], ['diagnostics', JSON.stringify(answer)]] as const) {
    assert.ok(!text.includes(password), `the password appears in the ${where}`);
  }
});

test('CORS: the front end’s local origin is admitted (preflight and response), another origin is not', async () => {
  const { port, dnsName } = await frontEndPort(system);
  const preflight = (origin: string) =>
    fetch(`${system.gateway}/movies`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://${dnsName}`]) {
    const answer = await preflight(origin);
    assert.equal(answer.status, 204, origin);
    assert.equal(answer.headers.get('access-control-allow-origin'), origin);
    assert.equal(answer.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(answer.headers.get('access-control-allow-headers'), 'content-type');
  }
  for (const origin of [`http://127.0.0.1:${port + 1}`, 'http://evil.example', 'null']) {
    const answer = await preflight(origin);
    assert.equal(answer.headers.get('access-control-allow-origin'), null, `${origin} is refused`);
  }
  const allowed = await fetch(`${system.gateway}/movies`, { headers: { origin: `http://127.0.0.1:${port}` } });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers.get('access-control-allow-origin'), `http://127.0.0.1:${port}`);
  await allowed.arrayBuffer();
  const other = await fetch(`${system.gateway}/movies`, { headers: { origin: 'http://evil.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  await other.arrayBuffer();
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
  const pids = (await system.status()).services.flatMap((service) => service.tasks.map((task) => task.pid));
  assert.equal(pids.length, 3, 'two movies tasks and the front end’s');
  const ports = [Number(new URL(system.gateway).port), Number(new URL(system.admin).port), (await frontEndPort(system)).port];
  const stoppingAt = Date.now();
  await system.stop('SIGTERM');
  const stopMs = Date.now() - stoppingAt;
  console.log(`# SIGTERM → stopped in ${stopMs} ms`);
  assert.ok(stopMs < 15_000, `stopped in ${stopMs} ms`);
  for (const pid of pids) assert.equal(isAlive(pid), false, `task ${pid} is gone`);
  for (const port of ports) assert.equal(await portIsFree(port), true, `port ${port} released`);
});

test('after a restart on the same data dir: the same secret (hash) and the same front end host port', async () => {
  const password = storedPassword(system.dataDir);
  const second = await startSystem({ args: APP, dataDir: system.dataDir });
  try {
    await eventually(async () => allHealthy(await second.status()) && healthyInstances(await second.status()).length === 2, 120_000, `the restarted system healthy\n${second.output()}`);
    assert.equal(storedPassword(second.dataDir), password, 'the secret was not generated again');
    assert.equal((await diagnostics(second)).database.passwordSha256, sha256(password));
    const { port } = await frontEndPort(second);
    assert.equal(port, firstFrontEndPort, 'the public listener keeps its host port');
    const page = await fetch(`http://127.0.0.1:${port}/config.json`);
    assert.deepEqual(await page.json(), { apiUrl: `${second.gateway}/` });
  } finally {
    await second.stop();
  }
});
