import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ContainerHealthCheck, healthCheckArgv, runHealthCommand } from '../../src/ecs/containers/health-check.js';
import type { CheckResult, ContainerHealthStatus } from '../../src/ecs/containers/health-check.js';
import { neighbourPortEnv, rewriteTaskPorts } from '../../src/ecs/containers/ports.js';
import { taskHealthOf } from '../../src/ecs/containers/task-health.js';
import { containerHealthClock } from '../../src/timing/container-health.js';
import type { ContainerHealthClock } from '../../src/timing/container-health.js';
import { containerHealthCheck } from '../../src/plan/extract-containers.js';
import { eventually } from './fakes.js';

const plan = { command: ['CMD-SHELL', 'true'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 };
const fast: ContainerHealthClock = { intervalMs: 5, steadyIntervalMs: 5, timeoutMs: 1_000, startPeriodMs: 0, countFailuresOnlyOnceRunning: false };
const run = { argv: ['true'], cwd: process.cwd(), env: {} };

/** A check fed scripted results; resolves the statuses it went through once `results` ran out. */
function scripted(t: { after(fn: () => void): void }, results: boolean[], clock: ContainerHealthClock = fast, retries = 3) {
  const statuses: ContainerHealthStatus[] = [];
  let calls = 0;
  const runCheck = async (): Promise<CheckResult> => ({ passed: results[Math.min(calls++, results.length - 1)] ?? false, output: '' });
  const check = new ContainerHealthCheck({ ...plan, retries }, clock, run, runCheck);
  check.on('change', (status) => statuses.push(status));
  t.after(() => check.stop());
  return { check, statuses, calls: () => calls };
}

test('the task definition HealthCheck gets ECS’s defaults; NONE or no command is no health check', () => {
  assert.deepEqual(containerHealthCheck({ Command: ['CMD-SHELL', 'curl -f localhost:8080/ || exit 1'] }), {
    command: ['CMD-SHELL', 'curl -f localhost:8080/ || exit 1'],
    intervalSeconds: 30,
    timeoutSeconds: 5,
    retries: 3,
    startPeriodSeconds: 0,
  });
  assert.equal(containerHealthCheck({ Command: ['NONE'] }), undefined);
  assert.equal(containerHealthCheck(undefined), undefined);
  assert.equal(containerHealthCheck({ Command: ['CMD', 'true'], Interval: 10, Retries: 5, StartPeriod: 60, Timeout: 2 })?.startPeriodSeconds, 60);
});

test('CMD-SHELL runs through /bin/sh -c, CMD as an argv', () => {
  assert.deepEqual(healthCheckArgv(['CMD-SHELL', 'curl -f http://localhost/ || exit 1']), ['/bin/sh', '-c', 'curl -f http://localhost/ || exit 1']);
  assert.deepEqual(healthCheckArgv(['CMD', 'python3', '-c', 'print(1)']), ['python3', '-c', 'print(1)']);
});

test('the command runs in the container’s directory and environment; exit 0 passes, non-zero and the timeout fail', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-hc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'marker'), '');
  const shell = (line: string) => ({ argv: healthCheckArgv(['CMD-SHELL', line]), cwd: dir, env: { PATH: process.env.PATH ?? '', FOO: 'bar' } });
  assert.equal((await runHealthCommand(shell('test -f marker && test "$FOO" = bar'), 2_000)).passed, true);
  const failed = await runHealthCommand(shell('echo not ready; exit 1'), 2_000);
  assert.deepEqual(failed, { passed: false, output: 'not ready' });
  const slow = await runHealthCommand(shell('sleep 5'), 100);
  assert.equal(slow.passed, false);
  assert.match(slow.output, /exceeded timeout \(100ms\)/);
  assert.equal((await runHealthCommand({ argv: ['/no/such/program'], cwd: dir, env: {} }, 1_000)).passed, false);
});

test('a check in flight when its container stops is killed with its process group, not left to its timeout', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-hc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const controller = new AbortController();
  const started = Date.now();
  const pending = runHealthCommand({ argv: healthCheckArgv(['CMD-SHELL', `sleep 30 & echo $! > ${dir}/child; wait`]), cwd: dir, env: { PATH: process.env.PATH ?? '' } }, 60_000, controller.signal);
  await eventually(() => existsSync(path.join(dir, 'child')) && readFileSync(path.join(dir, 'child'), 'utf8').trim() !== '', 5_000, 'the check to start its child');
  controller.abort();
  assert.equal((await pending).passed, false);
  assert.ok(Date.now() - started < 10_000, 'ended at once, not at the 60 s timeout');
  const child = Number(readFileSync(path.join(dir, 'child'), 'utf8'));
  await eventually(() => {
    try {
      process.kill(child, 0);
      return false;
    } catch {
      return true;
    }
  }, 5_000, 'the check’s own child to be gone');
});

test('UNKNOWN until a check passes; `retries` consecutive failures make it UNHEALTHY; a pass resets the count', async (t) => {
  const { check, statuses } = scripted(t, [true, false, false, true, false, false, false]);
  check.start();
  await eventually(() => statuses.length === 2, 2_000, 'two changes');
  assert.deepEqual(statuses, ['HEALTHY', 'UNHEALTHY'], 'two failures after a pass were not enough; the third after the next pass was');
  assert.equal(check.status, 'UNHEALTHY');
});

test('failures during the start period do not count, until a first pass ends it', async (t) => {
  const clock = { ...fast, startPeriodMs: 60_000 };
  const early = scripted(t, [false], clock, 1);
  early.check.start();
  await eventually(() => early.calls() >= 10, 2_000, 'ten failed checks');
  assert.equal(early.check.status, 'UNKNOWN', 'failures in the start period are not counted');
  const passed = scripted(t, [true, false], clock, 1);
  passed.check.start();
  await eventually(() => passed.statuses.includes('UNHEALTHY'), 2_000, 'unhealthy after a pass in the start period');
});

test('locally, failures count only once the container accepts connections', async (t) => {
  const { check, calls } = scripted(t, [false], { ...fast, countFailuresOnlyOnceRunning: true }, 1);
  check.start();
  await eventually(() => calls() >= 5, 2_000, 'five checks');
  assert.equal(check.status, 'UNKNOWN');
  check.running();
  await eventually(() => check.status === 'UNHEALTHY', 2_000, 'unhealthy once running');
});

test('clocks: compressed locally, the template’s with --aws-timings; retries never change', () => {
  const check = { ...plan, intervalSeconds: 30, timeoutSeconds: 5, startPeriodSeconds: 60 };
  assert.deepEqual(containerHealthClock('aws', check), { intervalMs: 30_000, steadyIntervalMs: 30_000, timeoutMs: 5_000, startPeriodMs: 60_000, countFailuresOnlyOnceRunning: false });
  const local = containerHealthClock('local', check);
  assert.ok(local.intervalMs <= 250 && local.steadyIntervalMs <= 1_000 && local.startPeriodMs <= 2_000);
  assert.equal(local.timeoutMs, 5_000, 'a check is a process: its timeout is the template’s even locally');
  assert.equal(containerHealthClock('local', { ...check, intervalSeconds: 5, startPeriodSeconds: 0 }).startPeriodMs, 0);
});

test('task health: UNHEALTHY over UNKNOWN over HEALTHY, essential containers only', () => {
  const c = (essential: boolean, health: ContainerHealthStatus) => ({ essential, health });
  assert.equal(taskHealthOf([c(true, 'HEALTHY'), c(true, 'HEALTHY'), c(false, 'UNHEALTHY')]), 'HEALTHY');
  assert.equal(taskHealthOf([c(true, 'UNHEALTHY'), c(true, 'UNKNOWN')]), 'UNHEALTHY');
  assert.equal(taskHealthOf([c(true, 'HEALTHY'), c(true, 'UNKNOWN')]), 'UNKNOWN');
});

test('a health check naming the task’s container ports reaches the ports its containers listen on natively', () => {
  const ports = new Map([[8080, 41234], [9901, 41300]]);
  assert.equal(rewriteTaskPorts('curl -f http://localhost:8080/health || exit 1', ports), 'curl -f http://localhost:41234/health || exit 1');
  assert.equal(rewriteTaskPorts('wget -qO- 127.0.0.1:9901/ready', ports), 'wget -qO- 127.0.0.1:41300/ready');
  assert.equal(rewriteTaskPorts('curl http://example.com:8080/ http://localhost:5432', ports), 'curl http://example.com:8080/ http://localhost:5432', 'other hosts and ports are left alone');
  assert.deepEqual(neighbourPortEnv(new Map([['web', 1], ['envoy-proxy', 2]])), { GATELINK_PORT_WEB: '1', GATELINK_PORT_ENVOY_PROXY: '2' });
});
