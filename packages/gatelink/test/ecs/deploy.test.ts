/**
 * Rolling deployments of real task processes: new tasks pass health checks before old ones are
 * deregistered and stopped, the healthy count never drops below minimumHealthyPercent, and the
 * circuit breaker fails or rolls back a release whose tasks do not start.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import { EcsServiceRuntime } from '../../src/ecs/service.js';
import type { EcsServicePlan } from '../../src/plan/types.js';
import { timingProfile } from '../../src/timing/profile.js';
import { FakeTargetGroup, eventually, servicePlan } from './fakes.js';

const webDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'app', 'services', 'web');
const spec = (greeting: string): RunSpec => ({ program: process.execPath, args: ['server.js'], cwd: webDir, imageEnv: { GREETING: greeting }, stopSignal: 'SIGTERM', source: 'dockerfile' });
const crashing: RunSpec = { program: process.execPath, args: ['-e', 'process.exit(7)'], cwd: webDir, imageEnv: {}, stopSignal: 'SIGTERM', source: 'dockerfile' };

function setup(t: { after(fn: () => Promise<void> | void): void }, overrides: Partial<EcsServicePlan> = {}) {
  const logDir = mkdtempSync(path.join(tmpdir(), 'gatelink-deploy-'));
  const group = new FakeTargetGroup();
  let minHealthySeen = Infinity;
  let tracking = false;
  group.onStateChange(() => {
    if (tracking) minHealthySeen = Math.min(minHealthySeen, group.healthyCount());
  });
  const registry = new CloudMapRegistry({ cloudMapNamespaces: [], cloudMapServices: [] });
  const service = new EcsServiceRuntime(servicePlan({ serviceRegistries: [], ...overrides }), {
    spec: spec('v1'),
    containerName: 'web',
    targetGroups: [group],
    registry,
    timing: timingProfile('local'),
    logger: pino({ level: 'silent' }),
    logDir,
    region: 'us-west-2',
    engines: {},
  });
  t.after(async () => {
    await service.stop();
    rmSync(logDir, { recursive: true, force: true });
  });
  const greetings = async () => Promise.all([...group.targets.values()].map(async (target) => ((await (await fetch(`http://127.0.0.1:${target.port}/`)).json()) as { greeting: string }).greeting));
  return { service, group, greetings, track: () => (tracking = true), minHealthySeen: () => minHealthySeen };
}

const latest = (service: EcsServiceRuntime) => service.snapshot().deployments[0];

test('100/200: the new revision replaces every task and the healthy count never drops below desired', async (t) => {
  const { service, group, greetings, track, minHealthySeen } = setup(t);
  await service.start();
  await eventually(() => group.healthyCount() === 2, 5_000, 'two healthy tasks');
  track();
  const record = service.deploy(spec('v2'), 'test');
  assert.equal(record.status, 'IN_PROGRESS');
  await eventually(() => latest(service)?.status === 'COMPLETED', 15_000, 'deployment completed');
  await eventually(() => service.snapshot().tasks.length === 2 && group.targets.size === 2, 10_000, 'old tasks gone');
  assert.deepEqual((await greetings()).sort(), ['v2', 'v2']);
  assert.ok(service.snapshot().tasks.every((task) => task.revision === 2));
  assert.ok(minHealthySeen() >= 2, `healthy targets dropped to ${minHealthySeen()}`);
});

test('50/100: room is made by stopping one old task at a time; one healthy task always remains', async (t) => {
  const { service, group, greetings, track, minHealthySeen } = setup(t, { minimumHealthyPercent: 50, maximumPercent: 100 });
  await service.start();
  await eventually(() => group.healthyCount() === 2, 5_000, 'two healthy tasks');
  track();
  service.deploy(spec('v2'), 'test');
  await eventually(() => latest(service)?.status === 'COMPLETED', 15_000, 'deployment completed');
  await eventually(() => group.targets.size === 2, 10_000, 'two targets');
  assert.deepEqual((await greetings()).sort(), ['v2', 'v2']);
  assert.ok(minHealthySeen() >= 1, `healthy targets dropped to ${minHealthySeen()}`);
});

test('circuit breaker with rollback: a release whose tasks crash is rolled back and the old tasks keep serving', async (t) => {
  const { service, group, greetings } = setup(t);
  await service.start();
  await eventually(() => group.healthyCount() === 2, 5_000, 'two healthy tasks');
  const oldIds = service.snapshot().tasks.map((task) => task.id).sort();
  service.deploy(crashing, 'broken release');
  const record = await eventually(() => (latest(service)?.status === 'ROLLED_BACK' ? latest(service) : undefined), 20_000, 'rollback');
  assert.ok(record.failedTasks >= 3);
  assert.match(record.reason, /rolled back to revision 1/);
  assert.deepEqual(service.snapshot().tasks.map((task) => task.id).sort(), oldIds, 'the old tasks were never stopped (minimum healthy 100 %)');
  assert.deepEqual(await greetings(), ['v1', 'v1']);
  assert.ok(service.snapshot().stoppedTasks.some((stopped) => stopped.exitCode === 7 && stopped.revision === 2), 'the crashed tasks are kept with their exit code');
});

test('circuit breaker without rollback: the deployment fails and launches stop', async (t) => {
  const { service, group } = setup(t, { circuitBreaker: { enable: true, rollback: false, resetOnHealthyTask: true } });
  await service.start();
  await eventually(() => group.healthyCount() === 2, 5_000, 'two healthy tasks');
  service.deploy(crashing, 'broken release');
  const record = await eventually(() => (latest(service)?.status === 'FAILED' ? latest(service) : undefined), 20_000, 'failure');
  assert.match(record.reason, /circuit breaker/);
  const stoppedCount = service.snapshot().stoppedTasks.length;
  // Nothing new is launched while halted: the stopped list does not grow over a few backoff periods.
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(service.snapshot().stoppedTasks.length, stoppedCount);
  assert.equal(group.healthyCount(), 2, 'the old tasks still serve');
});

test('a newer deployment supersedes one in progress', async (t) => {
  const { service, group, greetings } = setup(t);
  await service.start();
  await eventually(() => group.healthyCount() === 2, 5_000, 'two healthy tasks');
  const first = service.deploy(spec('v2'), 'first');
  service.deploy(spec('v3'), 'second');
  await eventually(() => latest(service)?.status === 'COMPLETED', 15_000, 'second deployment completed');
  await eventually(() => group.targets.size === 2, 10_000, 'two targets');
  assert.equal(service.snapshot().deployments.find((record) => record.id === first.id)?.status, 'FAILED');
  assert.deepEqual(await greetings(), ['v3', 'v3']);
});
