import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import type { TaskTarget } from '../../src/ecs/ports-of-call.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import { EcsServiceRuntime } from '../../src/ecs/service.js';
import { LateTargetGroup } from '../../src/runtime/late-target-group.js';
import { timingProfile } from '../../src/timing/profile.js';
import { FakeTargetGroup, eventually, servicePlan } from '../ecs/fakes.js';

const target = (id: string): TaskTarget => ({ id, host: '127.0.0.1', port: 1, networkPort: 80, securityGroupIds: [] });

test('before bind: registrations wait, health reads unused, a deregistered waiting target is forgotten', async () => {
  const late = new LateTargetGroup('Stack/TG');
  late.register(target('a'));
  late.register(target('b'));
  assert.equal(late.health('a'), 'unused');
  await late.deregister('b');
  const real = new FakeTargetGroup({ autoHealthy: false });
  late.bind(real);
  assert.deepEqual([...real.targets.keys()], ['a']);
  assert.equal(late.health('a'), 'initial');
});

test('subscribers from before bind hear every state change of the handed-over targets; unsubscribing detaches them', () => {
  const late = new LateTargetGroup('Stack/TG');
  const heard: string[] = [];
  const unsubscribe = late.onStateChange((id, state) => heard.push(`${id}:${state}`));
  late.register(target('a'));
  const real = new FakeTargetGroup();
  late.bind(real);
  assert.deepEqual(heard, ['a:healthy'], 'the first check of a handed-over target is heard');
  unsubscribe();
  real.set('a', 'unhealthy');
  assert.deepEqual(heard, ['a:healthy']);
});

test('after bind: everything goes straight to the real group; binding twice is a bug', async () => {
  const late = new LateTargetGroup('Stack/TG');
  const real = new FakeTargetGroup();
  late.bind(real);
  const heard: string[] = [];
  late.onStateChange((id, state) => heard.push(`${id}:${state}`));
  late.register(target('a'));
  assert.equal(late.health('a'), 'healthy');
  await late.deregister('a');
  assert.deepEqual(real.deregistered, ['a']);
  assert.deepEqual(heard, ['a:healthy']);
  assert.throws(() => late.bind(new FakeTargetGroup()), /already bound/);
});

const webDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ecs', 'fixtures', 'app', 'services', 'web');
const spec: RunSpec = { program: process.execPath, args: ['server.js'], cwd: webDir, imageEnv: {}, stopSignal: 'SIGTERM', source: 'dockerfile' };

test('tasks launched before their load balancer exists become healthy once it is bound', async (t) => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'gatelink-late-'));
  const late = new LateTargetGroup('Stack/TG');
  const service = new EcsServiceRuntime(servicePlan({ desiredCount: 2 }), {
    spec,
    containerName: 'web',
    targetGroups: [late],
    registry: new CloudMapRegistry({ cloudMapNamespaces: [], cloudMapServices: [] }),
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
  await service.start();
  await eventually(() => service.snapshot().tasks.every((task) => task.status === 'RUNNING'), 10_000, 'tasks running before the group exists');
  assert.ok(service.snapshot().tasks.every((task) => task.health === 'unused'));
  const real = new FakeTargetGroup();
  late.bind(real);
  assert.equal(real.targets.size, 2, 'both running tasks are registered at bind');
  await eventually(() => service.snapshot().tasks.every((task) => task.health === 'healthy'), 5_000, 'tasks healthy');
  assert.equal(service.snapshot().tasks.length, 2, 'no task was replaced');
});
