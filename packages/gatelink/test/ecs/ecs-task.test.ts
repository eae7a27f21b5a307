import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EcsTask } from '../../src/ecs/containers/ecs-task.js';
import type { ContainerLaunch } from '../../src/ecs/containers/ecs-task.js';
import { dependencyVerdict, stopOrder } from '../../src/ecs/containers/dependencies.js';
import { healthCheckArgv } from '../../src/ecs/containers/health-check.js';
import { freePort } from '../../src/ecs/ports.js';
import type { ContainerDependencyPlan, ContainerHealthCheckPlan, ContainerPlan } from '../../src/plan/types.js';
import { eventually } from './fakes.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'containers');
const fastClock = { intervalMs: 20, steadyIntervalMs: 50, timeoutMs: 1_000, startPeriodMs: 0, countFailuresOnlyOnceRunning: false };

interface ContainerSpec {
  readonly name: string;
  readonly essential?: boolean;
  readonly listen?: boolean;
  readonly env?: Record<string, string>;
  readonly dependsOn?: ContainerDependencyPlan[];
  readonly healthCheck?: string;
  readonly stopTimeoutMs?: number;
}

function plan(spec: ContainerSpec): ContainerPlan {
  const healthCheck: ContainerHealthCheckPlan | undefined = spec.healthCheck ? { command: ['CMD-SHELL', spec.healthCheck], intervalSeconds: 5, timeoutSeconds: 2, retries: 1, startPeriodSeconds: 0 } : undefined;
  return {
    name: spec.name,
    image: { kind: 'registry', uri: 'unused' },
    essential: spec.essential ?? true,
    environment: {},
    portMappings: spec.listen ? [{ containerPort: 8080, protocol: 'tcp' }] : [],
    stopTimeoutSeconds: 30,
    readonlyRootFilesystem: false,
    dependsOn: spec.dependsOn ?? [],
    ...(healthCheck ? { healthCheck } : {}),
  };
}

async function newTask(t: { after(fn: () => Promise<void> | void): void }, specs: ContainerSpec[], dir = mkdtempSync(path.join(tmpdir(), 'gatelink-task-'))) {
  const containers: ContainerLaunch[] = [];
  for (const spec of specs) {
    const port = spec.listen ? await freePort() : 0;
    const containerPlan = plan(spec);
    containers.push({
      plan: containerPlan,
      spec: { program: process.execPath, args: ['proc.js'], cwd: fixtures, imageEnv: {}, stopSignal: 'SIGTERM', source: 'override' },
      env: { PATH: process.env.PATH ?? '', NAME: spec.name, DIR: dir, ...(port ? { PORT: String(port), LISTEN: '1' } : {}), ...spec.env },
      port,
      listens: port > 0,
      stopTimeoutMs: spec.stopTimeoutMs ?? 2_000,
      ...(containerPlan.healthCheck ? { healthCheck: { argv: healthCheckArgv(containerPlan.healthCheck.command), clock: fastClock } } : {}),
    });
  }
  const pids = new Set<number>();
  const task = new EcsTask({ id: 'a'.repeat(32), serviceName: 'svc', main: specs[0]?.name ?? '', containers, logDir: dir, ledger: { add: (pid) => pids.add(pid), remove: (pid) => pids.delete(pid) } });
  t.after(async () => {
    await task.stop('test over');
    rmSync(dir, { recursive: true, force: true });
  });
  const log = () => (existsSync(task.logFile) ? readFileSync(task.logFile, 'utf8') : '');
  return { task, dir, log, pids };
}

test('a non-essential sidecar that exits leaves the task running; an essential one stops it', async (t) => {
  const quiet = await newTask(t, [{ name: 'web', listen: true }, { name: 'job', essential: false, env: { EXIT_AFTER_MS: '50', EXIT_CODE: '4' } }]);
  quiet.task.start();
  await eventually(() => quiet.task.containerStates().find((c) => c.name === 'job')?.status === 'STOPPED', 5_000, 'the sidecar to exit');
  await eventually(() => quiet.task.status === 'RUNNING', 5_000, 'the task to run');
  assert.equal(quiet.task.exit, undefined, 'the task keeps running');
  assert.equal(quiet.task.containerStates().find((c) => c.name === 'job')?.exitCode, 4);

  const fatal = await newTask(t, [{ name: 'web', listen: true }, { name: 'agent', essential: true, env: { EXIT_AFTER_MS: '300', EXIT_CODE: '7' } }]);
  fatal.task.start();
  const exit = await new Promise<NonNullable<EcsTask['exit']>>((resolve) => fatal.task.once('exit', resolve));
  assert.equal(exit.stoppedReason, 'Essential container in task exited');
  assert.equal(exit.exitCode, 7, 'the essential container’s exit code is the task’s');
  assert.match(fatal.log(), /web stopping/, 'the other containers were stopped');
  assert.equal(fatal.pids.size, 0, 'no container process is left in the ledger');
  assert.equal(fatal.task.stopRequested, false, 'a crash, not a stop the scheduler asked for');
});

test('dependsOn: SUCCESS waits for the init container’s exit 0, START for the sidecar’s start', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-task-'));
  const { task, log } = await newTask(
    t,
    [
      { name: 'web', listen: true, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }, { containerName: 'proxy', condition: 'START' }] },
      { name: 'init', essential: false, env: { TOUCH: path.join(dir, 'migrated'), EXIT_AFTER_MS: '200', EXIT_CODE: '0' } },
      { name: 'proxy', listen: true },
    ],
    dir,
  );
  task.start();
  await eventually(() => task.status === 'RUNNING', 5_000, 'the task to run');
  const lines = log();
  assert.ok(lines.indexOf('init started') < lines.indexOf('web started'), 'init ran before web');
  assert.ok(lines.indexOf('container init exited') < lines.indexOf('container web started'), 'web started only after init exited');
  const body = (await (await fetch(`http://127.0.0.1:${task.port}/`)).json()) as { name: string };
  assert.equal(body.name, 'web', 'the task’s port is its main container’s');
});

test('dependsOn SUCCESS on a container that exits non-zero stops the task, naming the dependency', async (t) => {
  const { task } = await newTask(t, [
    { name: 'web', listen: true, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
    { name: 'init', essential: false, env: { EXIT_AFTER_MS: '50', EXIT_CODE: '2' } },
  ]);
  task.start();
  const exit = await new Promise<NonNullable<EcsTask['exit']>>((resolve) => task.once('exit', resolve));
  assert.match(exit.stoppedReason, /Container web cannot start: its dependency init exited with 2 \(condition SUCCESS\)/);
  assert.equal(task.containerStates().find((c) => c.name === 'web')?.status, 'PENDING', 'web never started');
});

test('dependsOn HEALTHY waits for the dependency’s health check to pass', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-task-'));
  const ready = path.join(dir, 'ready');
  const { task, log } = await newTask(
    t,
    [
      { name: 'web', listen: true, dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
      { name: 'db', essential: true, healthCheck: `test -f ${ready}`, env: { STOP_DELAY_MS: '0' } },
    ],
    dir,
  );
  task.start();
  await eventually(() => log().includes('db started'), 5_000, 'db to start');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.doesNotMatch(log(), /web started/, 'web waits while db is not HEALTHY');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(ready, '');
  await eventually(() => task.status === 'RUNNING', 5_000, 'web to start once db is HEALTHY');
  assert.match(log(), /container db is HEALTHY/);
});

test('stop: a container stops before the containers it depends on (reverse dependency order)', async (t) => {
  const { task, log } = await newTask(t, [
    { name: 'web', listen: true, dependsOn: [{ containerName: 'proxy', condition: 'START' }], env: { STOP_DELAY_MS: '150' } },
    { name: 'proxy', env: { STOP_DELAY_MS: '0' } },
  ]);
  task.start();
  await eventually(() => task.status === 'RUNNING', 5_000, 'the task to run');
  // Web itself answering (not whatever else a busy machine put on a port freed for it): its SIGTERM handler is in place.
  await eventually(() => fetch(`http://127.0.0.1:${task.port}/`).then(async (r) => ((await r.json()) as { name: string }).name === 'web', () => false), 5_000, 'web to answer');
  const exit = await task.stop('Scaling activity');
  assert.equal(exit.stoppedReason, 'Scaling activity');
  const lines = log();
  assert.ok(lines.indexOf('web stopping') >= 0 && lines.indexOf('web stopping') < lines.indexOf('proxy stopping'), `web got its stop signal first:\n${lines}`);
  assert.ok(lines.indexOf('container web exited') < lines.indexOf('proxy stopping'), 'proxy was signalled only after web had exited');
});

test('each container has its own stop timeout: one that ignores SIGTERM is killed at its own, the other exits cleanly', async (t) => {
  const { task } = await newTask(t, [
    { name: 'web', listen: true, stopTimeoutMs: 10_000 },
    { name: 'stubborn', essential: false, env: { IGNORE_TERM: '1' }, stopTimeoutMs: 200 },
  ]);
  task.start();
  await eventually(() => task.status === 'RUNNING', 5_000, 'the task to run');
  const started = Date.now();
  await task.stop('Scaling activity');
  assert.ok(Date.now() - started < 5_000, 'the stop did not wait for the main container’s 10 s');
  const states = Object.fromEntries(task.containerStates().map((c) => [c.name, c.exitCode]));
  assert.equal(states.web, 0, 'web stopped on SIGTERM');
  assert.equal(states.stubborn, null, 'stubborn was killed (by signal) at its 200 ms stop timeout');
});

test('dependency verdicts and stop order, by condition', async () => {
  const state = (status: 'PENDING' | 'RUNNING' | 'STOPPED', health: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN' = 'UNKNOWN', exitCode?: number) => ({ status, health, ...(exitCode === undefined ? {} : { exitCode }) });
  const web = (condition: ContainerDependencyPlan['condition']) => plan({ name: 'web', dependsOn: [{ containerName: 'dep', condition }] });
  const verdict = (condition: ContainerDependencyPlan['condition'], s: ReturnType<typeof state>, checked = true) => dependencyVerdict(web(condition), () => s, () => checked).kind;
  assert.equal(verdict('START', state('PENDING')), 'wait');
  assert.equal(verdict('START', state('RUNNING')), 'start');
  assert.equal(verdict('COMPLETE', state('RUNNING')), 'wait');
  assert.equal(verdict('COMPLETE', state('STOPPED', 'UNKNOWN', 1)), 'start');
  assert.equal(verdict('SUCCESS', state('STOPPED', 'UNKNOWN', 0)), 'start');
  assert.equal(verdict('SUCCESS', state('STOPPED', 'UNKNOWN', 1)), 'never');
  assert.equal(verdict('HEALTHY', state('RUNNING', 'UNKNOWN')), 'wait');
  assert.equal(verdict('HEALTHY', state('RUNNING', 'HEALTHY')), 'start');
  assert.equal(verdict('HEALTHY', state('RUNNING', 'HEALTHY'), false), 'never', 'HEALTHY needs a health check');
  const order: string[] = [];
  const containers = [plan({ name: 'app', dependsOn: [{ containerName: 'proxy', condition: 'START' }] }), plan({ name: 'proxy', dependsOn: [{ containerName: 'log', condition: 'START' }] }), plan({ name: 'log' })];
  await stopOrder(containers, async (name) => void order.push(name));
  assert.deepEqual(order, ['app', 'proxy', 'log']);
});

test('an essential container without a health check keeps the task UNKNOWN for ECS, while the scheduler acts on the checked one', async (t) => {
  const { task } = await newTask(t, [{ name: 'web', listen: true, healthCheck: 'true' }, { name: 'agent' }]);
  const seen: string[] = [];
  task.on('health', (health) => seen.push(health));
  task.start();
  await eventually(() => task.checkedHealth === 'HEALTHY', 5_000, 'the checked container HEALTHY');
  assert.equal(task.healthStatus, 'UNKNOWN', 'ECS’s rule: an essential container with no check is UNKNOWN');
  assert.deepEqual(seen, ['HEALTHY']);
});
