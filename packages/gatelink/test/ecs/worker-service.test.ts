/**
 * Worker services: an ECS service with no load balancer and no Cloud Map (a queue consumer) runs its
 * desired count, counts a task healthy once it has run for a while (40 s in ECS, 3 s locally),
 * replaces a task that dies, rolls deployments out (COMPLETED once the old tasks have stopped), trips
 * the circuit breaker when the new tasks keep exiting, and is stopped as ECS stops a task: SIGTERM,
 * then SIGKILL once the stop timeout has passed.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import { EcsServiceRuntime } from '../../src/ecs/service.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import type { EcsServicePlan } from '../../src/plan/types.js';
import { timingProfile } from '../../src/timing/profile.js';
import type { TimingProfile } from '../../src/timing/profile.js';
import { eventually, servicePlan } from './fakes.js';

const workerDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'worker');

function setup(t: { after(fn: () => Promise<void> | void): void }, options: { drain?: string; stopTimeoutSeconds?: number; plan?: Partial<EcsServicePlan>; timing?: TimingProfile } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-worker-'));
  const spec = (revision: string, env: Record<string, string> = {}): RunSpec => ({ program: process.execPath, args: ['worker.js'], cwd: workerDir, imageEnv: { DRAIN_MS: options.drain ?? '0', MARKER_DIR: dir, REVISION: revision, ...env }, stopSignal: 'SIGTERM', source: 'dockerfile' });
  const base = servicePlan();
  const container = { ...base.taskDefinition.containers[0]!, portMappings: [], stopTimeoutSeconds: options.stopTimeoutSeconds ?? 30 };
  const plan = servicePlan({ loadBalancers: [], serviceRegistries: [], taskDefinition: { ...base.taskDefinition, containers: [container] }, ...options.plan });
  const service = new EcsServiceRuntime(plan, {
    spec: spec('1'),
    containerName: 'web',
    targetGroups: [],
    registry: new CloudMapRegistry({ cloudMapNamespaces: [], cloudMapServices: [] }),
    timing: options.timing ?? timingProfile('local'),
    logger: pino({ level: 'silent' }),
    logDir: dir,
    region: 'us-west-2',
    engines: {},
  });
  t.after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const running = () => service.snapshot().tasks.filter((task) => task.status === 'RUNNING');
  /** The running tasks once each has its SIGTERM handler in place. */
  const ready = (count: number) => eventually(() => (running().length === count && running().every((task) => existsSync(path.join(dir, `${task.pid}.ready`))) ? running() : undefined), 10_000, `${count} ready tasks`);
  return { service, spec, dir, running, ready };
}

test('a worker service runs its desired count; a running task without load balancer or health check counts as healthy once it has run 3 s', async (t) => {
  const { service, running } = setup(t);
  await service.start();
  await eventually(() => running().length === 2, 10_000, 'two running tasks');
  const runningAt = Date.now();
  assert.ok(running().every((task) => task.health === 'initial'), 'not healthy yet: nothing but time says it works');
  await eventually(() => service.healthyCount() === 2, 10_000, 'two healthy tasks');
  assert.ok(Date.now() - runningAt >= 2_500, `healthy after ${Date.now() - runningAt} ms`);
  assert.ok(running().every((task) => task.health === 'healthy'));
});

test('a worker task killed with SIGKILL is replaced', async (t) => {
  const { service, running } = setup(t, { plan: { desiredCount: 1 } });
  await service.start();
  const [first] = await eventually(() => (running().length === 1 ? running() : undefined), 10_000, 'one running task');
  process.kill(first!.pid!, 'SIGKILL');
  const [second] = await eventually(() => (running().length === 1 && running()[0]!.id !== first!.id ? running() : undefined), 15_000, 'a replacement task');
  assert.notEqual(second!.pid, first!.pid);
  assert.equal(service.snapshot().stoppedTasks[0]?.id, first!.id);
});

test('a deployment rolls every worker task to the new revision; old tasks are drained with SIGTERM; COMPLETED only once they have stopped', async (t) => {
  const { service, spec, dir, running, ready } = setup(t, { drain: '1500' });
  await service.start();
  const old = await ready(2);
  await eventually(() => service.healthyCount() === 2, 10_000, 'two healthy tasks');
  service.deploy(spec('2'), 'test');
  await eventually(() => service.snapshot().deployments[0]?.status === 'COMPLETED', 30_000, 'deployment completed');
  // Checked the moment the deployment says COMPLETED: the old tasks' 1.5 s of draining is over.
  const drained = readdirSync(dir).filter((file) => file.endsWith('.drained'));
  assert.deepEqual(drained.map((file) => Number(file.split('.')[0])).sort(), old.map((task) => task.pid).sort(), 'both old tasks finished their work and exited');
  assert.ok(service.snapshot().tasks.every((task) => task.revision === 2 && task.status === 'RUNNING'));
  assert.equal(running().length, 2);
});

test('0/100: the old task stops first; the deployment is not COMPLETED while it is still draining', async (t) => {
  // New tasks count as healthy after 300 ms here, well before the old one's 1.5 s of work is done.
  const timing: TimingProfile = { ...timingProfile('local'), unsignalledHealthyAfterMs: () => 300 };
  const { service, spec, dir, ready } = setup(t, { drain: '1500', timing, plan: { desiredCount: 1, minimumHealthyPercent: 0, maximumPercent: 100 } });
  await service.start();
  const [old] = await ready(1);
  await eventually(() => service.healthyCount() === 1, 10_000, 'one healthy task');
  service.deploy(spec('2'), 'test');
  await eventually(() => service.snapshot().tasks.some((task) => task.revision === 2 && task.health === 'healthy'), 10_000, 'the new task healthy');
  assert.equal(service.snapshot().deployments[0]?.status, 'IN_PROGRESS', 'the old task is still draining');
  await eventually(() => service.snapshot().deployments[0]?.status === 'COMPLETED', 10_000, 'deployment completed');
  assert.ok(existsSync(path.join(dir, `${old!.pid}.drained`)), 'the old task finished its work and exited first');
});

test('a worker deploy whose new tasks keep exiting trips the circuit breaker and rolls back; the old tasks kept running', async (t) => {
  const { service, spec, running, ready } = setup(t);
  await service.start();
  const old = await ready(2);
  await eventually(() => service.healthyCount() === 2, 10_000, 'two healthy tasks');
  service.deploy(spec('2', { CRASH_AFTER_MS: '300' }), 'a release that exits once it runs');
  const record = await eventually(() => (service.snapshot().deployments[0]?.status !== 'IN_PROGRESS' ? service.snapshot().deployments[0] : undefined), 30_000, 'the deployment over');
  assert.equal(record.status, 'ROLLED_BACK', record.reason);
  assert.equal(record.failedTasks, 3, 'the threshold for 2 tasks: ceil(2 × 0.5), at least 3');
  assert.match(record.reason, /circuit breaker: 3 tasks failed to start; rolled back to revision 1/);
  assert.deepEqual(running().map((task) => task.id).sort(), old.map((task) => task.id).sort(), 'the old tasks were never stopped');
  assert.ok(service.snapshot().stoppedTasks.filter((task) => task.revision === 2 && task.exitCode === 1).length >= 3, 'the failures were the new tasks exiting 1');
});

test('without rollback the breaker leaves the deployment FAILED and launches no more of its tasks', async (t) => {
  const { service, spec, running, ready } = setup(t, { plan: { circuitBreaker: { enable: true, rollback: false, resetOnHealthyTask: true } } });
  await service.start();
  const old = await ready(2);
  await eventually(() => service.healthyCount() === 2, 10_000, 'two healthy tasks');
  service.deploy(spec('2', { CRASH_AFTER_MS: '300' }), 'a release that exits once it runs');
  const record = await eventually(() => (service.snapshot().deployments[0]?.status !== 'IN_PROGRESS' ? service.snapshot().deployments[0] : undefined), 30_000, 'the deployment over');
  assert.equal(record.status, 'FAILED', record.reason);
  assert.equal(record.failedTasks, 3);
  // Tasks of revision 2 launched before the verdict may still be exiting; none starts after.
  await eventually(() => service.snapshot().tasks.every((task) => task.revision === 1), 5_000, 'no task of revision 2 left');
  const launchedRevision2 = service.snapshot().stoppedTasks.filter((task) => task.revision === 2).length;
  assert.ok(launchedRevision2 >= 3 && launchedRevision2 <= 4, `${launchedRevision2} tasks of revision 2 ran`);
  assert.deepEqual(running().map((task) => task.id).sort(), old.map((task) => task.id).sort());
});

test('a worker task that exits after it counted as healthy is replaced but is no deployment failure', async (t) => {
  const { service, spec, ready } = setup(t, { plan: { desiredCount: 1 } });
  await service.start();
  await ready(1);
  await eventually(() => service.healthyCount() === 1, 10_000, 'one healthy task');
  service.deploy(spec('2', { CRASH_AFTER_MS: '6000' }), 'a release that fails after a while');
  const record = await eventually(() => (service.snapshot().deployments[0]?.status !== 'IN_PROGRESS' ? service.snapshot().deployments[0] : undefined), 30_000, 'the deployment over');
  assert.equal(record.status, 'COMPLETED', record.reason);
  await eventually(() => service.snapshot().stoppedTasks.some((task) => task.revision === 2 && task.exitCode === 1), 10_000, 'the new task exited');
  assert.equal(service.snapshot().deployments[0]?.failedTasks, 0);
});

test('stopping: a worker that drains exits on SIGTERM; one that ignores it is killed at its stop timeout', async (t) => {
  const draining = setup(t, { drain: '300', plan: { desiredCount: 1 } });
  await draining.service.start();
  const [task] = await draining.ready(1);
  await draining.service.stop();
  assert.ok(existsSync(path.join(draining.dir, `${task!.pid}.drained`)), 'the worker finished its work before exiting');

  const stubborn = setup(t, { drain: 'ignore', stopTimeoutSeconds: 2, plan: { desiredCount: 1 } });
  await stubborn.service.start();
  await stubborn.ready(1);
  const started = Date.now();
  await stubborn.service.stop();
  const took = Date.now() - started;
  assert.ok(took >= 1900 && took < 6000, `SIGKILL after the 2 s stop timeout (took ${took} ms)`);
  assert.equal(stubborn.service.snapshot().stoppedTasks[0]?.signal, 'SIGKILL');
});
