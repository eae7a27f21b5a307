import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import { EcsServiceRuntime } from '../../src/ecs/service.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import { timingProfile } from '../../src/timing/profile.js';
import { FakeTargetGroup, eventually, servicePlan } from './fakes.js';

const webDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'app', 'services', 'web');
const spec: RunSpec = { program: process.execPath, args: ['server.js'], cwd: webDir, imageEnv: { GREETING: 'hi' }, stopSignal: 'SIGTERM', source: 'dockerfile' };

function setup(t: { after(fn: () => Promise<void> | void): void }, overrides = {}, taskLogLimits?: { maxBytes: number; checkEveryMs: number }) {
  const logDir = mkdtempSync(path.join(tmpdir(), 'gatelink-ecs-'));
  const group = new FakeTargetGroup();
  const registry = new CloudMapRegistry({
    cloudMapNamespaces: [{ id: 'Stack/NS', physicalId: 'ns-1', name: 'local', type: 'DNS_PRIVATE' }],
    cloudMapServices: [{ id: 'Stack/CloudMapService', physicalId: 'srv-1', arn: 'arn', name: 'web', namespaceId: 'Stack/NS', dnsRecordTypes: ['A'], customHealthCheck: true }],
  });
  const pids = new Set<number>();
  const service = new EcsServiceRuntime(servicePlan(overrides), {
    spec,
    containerName: 'web',
    targetGroups: [group],
    registry,
    timing: timingProfile('local'),
    logger: pino({ level: 'silent' }),
    logDir,
    region: 'us-west-2',
    engines: { dynamodb: 'http://127.0.0.1:1' },
    ledger: { add: (pid) => pids.add(pid), remove: (pid) => pids.delete(pid) },
    ...(taskLogLimits ? { taskLogLimits } : {}),
  });
  t.after(async () => {
    await service.stop();
    rmSync(logDir, { recursive: true, force: true });
  });
  return { service, group, registry, pids, logDir };
}

async function getJson(port: number, pathname = '/'): Promise<Record<string, string>> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
  return (await response.json()) as Record<string, string>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('desired count: every task runs on its own port with the task definition environment', async (t) => {
  const { service, group, registry } = setup(t);
  await service.start();
  await eventually(() => group.targets.size === 2, 5_000, 'two registered targets');
  const ports = [...group.targets.values()].map((target) => target.port);
  assert.notEqual(ports[0], ports[1]);
  for (const port of ports) {
    const body = await getJson(port);
    assert.equal(body.port, String(port), 'PORT is the task’s own port');
    assert.equal(body.greeting, 'hi', 'image ENV is passed');
    assert.equal(body.table, 'books', 'task definition environment is passed');
  }
  assert.equal(registry.discover('Stack/CloudMapService').length, 2, 'tasks are registered in Cloud Map');
  const snapshot = service.snapshot();
  assert.equal(snapshot.runningCount, 2);
  assert.ok(snapshot.tasks.every((task) => task.health === 'healthy' && task.pid !== undefined));
});

test('a task that exits is deregistered at once and replaced', async (t) => {
  const { service, group } = setup(t, { desiredCount: 1 });
  await service.start();
  const first = await eventually(() => [...group.targets.values()][0], 5_000, 'first target');
  await fetch(`http://127.0.0.1:${first.port}/exit`).then((r) => r.text());
  await eventually(() => group.deregistered.includes(first.id), 5_000, 'deregistration');
  const second = await eventually(() => [...group.targets.values()].find((target) => target.id !== first.id), 5_000, 'replacement');
  assert.equal((await getJson(second.port)).port, String(second.port));
  const stopped = service.snapshot().stoppedTasks[0];
  assert.equal(stopped?.id, first.id);
  assert.equal(stopped?.exitCode, 3, 'the exit code is kept');
});

test('a task that fails its load balancer health checks is stopped and replaced', async (t) => {
  const { service, group } = setup(t, { desiredCount: 1 });
  await service.start();
  const first = await eventually(() => [...group.targets.values()][0], 5_000, 'first target');
  const firstPid = service.snapshot().tasks[0]?.pid;
  group.set(first.id, 'unhealthy', 'Target.ResponseCodeMismatch');
  await eventually(() => [...group.targets.values()].find((target) => target.id !== first.id), 5_000, 'replacement');
  await eventually(() => firstPid !== undefined && !alive(firstPid), 5_000, 'old task to exit');
  assert.match(service.snapshot().stoppedTasks[0]?.stoppedReason ?? '', /ELB health checks/);
});

test('stop: every task leaves its target group and exits; no process is left', async (t) => {
  const { service, group, pids } = setup(t);
  await service.start();
  await eventually(() => group.targets.size === 2, 5_000, 'two targets');
  const running = [...pids];
  assert.equal(running.length, 2);
  await service.stop();
  assert.equal(group.targets.size, 0);
  for (const pid of running) assert.equal(alive(pid), false, `pid ${pid} exited`);
  assert.equal(pids.size, 0, 'the ledger is empty');
});

test('a task unhealthy during the grace period is replaced once the grace period ends, if still unhealthy', async (t) => {
  const { service, group } = setup(t, { desiredCount: 1, healthCheckGracePeriodSeconds: 1 });
  await service.start();
  const first = await eventually(() => [...group.targets.values()][0], 5_000, 'first target');
  group.set(first.id, 'unhealthy', 'Target.Timeout');
  assert.ok(service.snapshot().tasks.some((task) => task.id === first.id), 'not replaced during the grace period');
  await eventually(() => [...group.targets.values()].find((target) => target.id !== first.id), 5_000, 'replacement after the grace period');
});

test('a launch deletes the oldest stopped tasks’ logs beyond the 20 kept, never a running task’s', async (t) => {
  const { service, group, logDir } = setup(t);
  const serviceLogs = path.join(logDir, servicePlan({}).name);
  mkdirSync(serviceLogs, { recursive: true });
  for (let i = 0; i < 25; i += 1) {
    const file = path.join(serviceLogs, `old${String(i).padStart(2, '0')}.log`);
    writeFileSync(file, 'stopped long ago\n');
    const when = new Date(Date.now() - (100 - i) * 60_000);
    utimesSync(file, when, when);
  }
  await service.start();
  await eventually(() => group.targets.size === 2, 5_000, 'two registered targets');
  const running = new Set(service.snapshot().tasks.map((task) => `${task.id}.log`));
  assert.equal(running.size, 2);
  // Pruning runs in the background of the launches.
  const stopped = await eventually(() => {
    const left = readdirSync(serviceLogs).filter((name) => !running.has(name));
    return left.length === 20 ? left.sort() : undefined;
  }, 5_000, 'twenty stopped tasks’ logs left');
  const files = readdirSync(serviceLogs);
  assert.ok([...running].every((name) => files.includes(name)), 'running tasks keep their logs');
  assert.equal(stopped[0], 'old05.log', 'the five oldest went');
});

test('a running task’s log over its size bound is moved to .1 while the task keeps logging into the emptied file', async (t) => {
  const { service, group, logDir } = setup(t, { desiredCount: 1 }, { maxBytes: 64, checkEveryMs: 20 });
  await service.start();
  await eventually(() => group.targets.size === 1, 5_000, 'one registered target');
  const [task] = service.snapshot().tasks;
  assert.ok(task);
  const file = path.join(logDir, servicePlan({}).name, `${task.id}.log`);
  appendFileSync(file, `${'x'.repeat(100)}\n`); // as the task would: past the 64-byte bound
  await eventually(() => existsSync(`${file}.1`) && statSync(file).size === 0, 5_000, 'the log cut');
  assert.match(readFileSync(`${file}.1`, 'utf8'), /x{100}/);
});

test('stopTaskById (ECS StopTask): the task is drained and stopped with the reason, a replacement launched; an unknown id is refused', async (t) => {
  const { service, group } = setup(t, { desiredCount: 1 });
  await service.start();
  const first = await eventually(() => [...group.targets.values()][0], 5_000, 'first target');
  assert.equal(service.stopTaskById('no-such-task', 'x'), undefined);
  assert.deepEqual(service.stopTaskById(first.id, 'Task stopped by user'), { taskId: first.id, stoppedReason: 'Task stopped by user' });
  assert.equal(service.stopTaskById(first.id, 'again'), undefined, 'a stopping task cannot be stopped again');
  const second = await eventually(() => [...group.targets.values()].find((target) => target.id !== first.id), 5_000, 'replacement');
  assert.ok(group.deregistered.includes(first.id));
  await eventually(() => service.snapshot().stoppedTasks[0]?.id === first.id, 5_000, 'the stopped task recorded');
  assert.equal(service.snapshot().stoppedTasks[0]?.stoppedReason, 'Task stopped by user');
  assert.deepEqual(service.snapshot().tasks.map((task) => task.id), [second.id]);
});
