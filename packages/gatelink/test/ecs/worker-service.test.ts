/**
 * Worker services: an ECS service with no load balancer and no Cloud Map (a queue consumer) runs its
 * desired count, replaces a task that dies, rolls deployments out, and
 * is stopped as ECS stops a task: SIGTERM, then SIGKILL once the stop timeout has passed.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
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
import { eventually, servicePlan } from './fakes.js';

const workerDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'worker');

function setup(t: { after(fn: () => Promise<void> | void): void }, options: { drain?: string; stopTimeoutSeconds?: number; plan?: Partial<EcsServicePlan>; timings?: 'local' | 'aws' } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-worker-'));
  const spec = (revision: string, args = ['worker.js']): RunSpec => ({ program: process.execPath, args, cwd: workerDir, imageEnv: { DRAIN_MS: options.drain ?? '0', MARKER_DIR: dir, REVISION: revision }, stopSignal: 'SIGTERM', source: 'dockerfile' });
  const base = servicePlan();
  const container = { ...base.taskDefinition.containers[0]!, portMappings: [], stopTimeoutSeconds: options.stopTimeoutSeconds ?? 30 };
  const plan = servicePlan({ loadBalancers: [], serviceRegistries: [], taskDefinition: { ...base.taskDefinition, containers: [container] }, ...options.plan });
  const service = new EcsServiceRuntime(plan, {
    spec: spec('1'),
    containerName: 'web',
    targetGroups: [],
    registry: new CloudMapRegistry({ cloudMapNamespaces: [], cloudMapServices: [] }),
    timing: timingProfile(options.timings ?? 'aws'),
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

test('a worker service runs its desired count; ECS counts a running task without load balancer as healthy', async (t) => {
  const { service, running } = setup(t);
  await service.start();
  await eventually(() => running().length === 2, 10_000, 'two running tasks');
  assert.ok(running().every((task) => task.health === 'healthy'));
  assert.equal(service.healthyCount(), 2);
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

test('a deployment rolls every worker task to the new revision; old tasks are drained with SIGTERM', async (t) => {
  const { service, spec, dir, running, ready } = setup(t, { drain: '200' });
  await service.start();
  const old = await ready(2);
  service.deploy(spec('2'), 'test');
  await eventually(() => service.snapshot().deployments[0]?.status === 'COMPLETED', 20_000, 'deployment completed');
  assert.ok(running().every((task) => task.revision === 2));
  const drained = readdirSync(dir).filter((file) => file.endsWith('.drained'));
  assert.deepEqual(drained.map((file) => Number(file.split('.')[0])).sort(), old.map((task) => task.pid).sort(), 'both old tasks finished their work and exited');
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
