import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { CheckSchedule } from '../../src/elb/health/schedule.js';
import type { NetworkCheck } from '../../src/elb/network-check.js';
import { TargetGroupRuntime } from '../../src/elb/target-group.js';
import type { TargetStateChange } from '../../src/elb/target-group.js';
import type { TargetGroupPlan } from '../../src/plan/types.js';
import { PoolRegistry } from '../../src/proxy/pools.js';
import type { TimingProfile } from '../../src/timing/profile.js';
import { blockingPort, capturingLogger, FAST_TIMING, healthCheck, nextEvent, OPEN, silentLogger, startTarget, targetGroupPlan, waitFor } from './helpers.js';

const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html';
const ALB = { securityGroupIds: ['Stack/AlbSg'], description: 'load balancer alb' };

function group(t: { after: (fn: () => Promise<void> | void) => void }, plan: TargetGroupPlan, options: { network?: NetworkCheck; timing?: TimingProfile; inUse?: boolean; logger?: ReturnType<typeof silentLogger> } = {}) {
  const pools = new PoolRegistry();
  const runtime = new TargetGroupRuntime(plan, {
    timing: options.timing ?? FAST_TIMING,
    network: options.network ?? OPEN,
    logger: options.logger ?? silentLogger(),
    pools,
    loadBalancer: options.inUse === false ? undefined : ALB,
  });
  t.after(async () => {
    runtime.close();
    await pools.close();
  });
  return runtime;
}

const stateOf = (runtime: TargetGroupRuntime, id: string) => runtime.describe(id);

test(`a registered target is initial, then healthy after one passed check (${DOC})`, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const runtime = group(t, targetGroupPlan('tg'));
  const changes: TargetStateChange[] = [];
  runtime.on('state', (change) => changes.push(change));
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port });
  assert.equal(runtime.health('t1'), 'initial');
  await waitFor(() => runtime.health('t1') === 'healthy', 2000, 'healthy');
  assert.deepEqual(
    changes.map((change) => [change.from, change.to, change.reason]),
    [
      ['unused', 'initial', 'Elb.RegistrationInProgress'],
      ['initial', 'healthy', undefined],
    ],
  );
  assert.deepEqual(runtime.snapshot(), [{ id: 't1', host: '127.0.0.1', port: target.port, state: 'healthy', reason: undefined, description: undefined }]);
});

test(`health checks: GET path, Host <ip>:<port>, User-Agent ELB-HealthChecker/2.0, a new connection each time (${DOC})`, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const runtime = group(t, targetGroupPlan('tg'));
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port });
  await waitFor(() => target.healthRequests.length >= 3, 2000, 'three checks');
  const first = target.healthRequests[0];
  assert.ok(first);
  assert.equal(first.url, '/health');
  assert.equal(first.headers.host, `127.0.0.1:${target.port}`);
  assert.equal(first.headers['user-agent'], 'ELB-HealthChecker/2.0');
  const ports = new Set(target.healthRequests.map((request) => request.remotePort));
  assert.equal(ports.size, target.healthRequests.length, 'every check opened its own connection');
});

test(`a target that fails unhealthyThreshold checks is unhealthy (Target.ResponseCodeMismatch), and recovers after healthyThreshold passes (${DOC})`, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const runtime = group(t, targetGroupPlan('tg', { healthCheck: healthCheck({ healthyThreshold: 3, unhealthyThreshold: 2 }) }));
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port });
  await waitFor(() => runtime.health('t1') === 'healthy');
  target.healthStatus = 500;
  const down = await nextEvent<TargetStateChange>(runtime, 'state', (change) => change.to === 'unhealthy');
  assert.equal(down.reason, 'Target.ResponseCodeMismatch');
  assert.equal(down.description, 'Health checks failed with these codes: [500]');
  assert.deepEqual(stateOf(runtime, 't1').reason, 'Target.ResponseCodeMismatch');
  const checksBefore = target.healthRequests.length;
  target.healthStatus = 200;
  await nextEvent<TargetStateChange>(runtime, 'state', (change) => change.to === 'healthy');
  assert.ok(target.healthRequests.length - checksBefore >= 3, 'recovery took healthyThreshold successful checks');
});

test(`the matcher decides what passes (${DOC}#health-check-settings)`, async (t) => {
  const target = await startTarget();
  target.healthStatus = 202;
  t.after(() => target.close());
  const runtime = group(t, targetGroupPlan('tg', { healthCheck: healthCheck({ matcher: '200,202' }) }));
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port });
  await waitFor(() => runtime.health('t1') === 'healthy');
});

test(`no answer within the timeout is Target.Timeout (${DOC})`, async (t) => {
  const hung = http.createServer(() => undefined);
  hung.listen(0, '127.0.0.1');
  await new Promise((resolve) => hung.once('listening', resolve));
  t.after(() => {
    hung.closeAllConnections();
    hung.close();
  });
  const runtime = group(t, targetGroupPlan('tg'));
  runtime.register({ id: 't1', host: '127.0.0.1', port: (hung.address() as AddressInfo).port });
  const down = await nextEvent<TargetStateChange>(runtime, 'state', (change) => change.to === 'unhealthy');
  assert.equal(down.reason, 'Target.Timeout');
  assert.equal(down.description, 'Request timed out');
});

test(`a refused connection is Target.FailedHealthChecks (${DOC})`, async (t) => {
  const target = await startTarget();
  const port = target.port;
  await target.close();
  const runtime = group(t, targetGroupPlan('tg'));
  const check = nextEvent<{ ok: boolean; detail?: string }>(runtime, 'check', () => true);
  runtime.register({ id: 't1', host: '127.0.0.1', port });
  assert.match((await check).detail ?? '', /ECONNREFUSED/);
  const down = await nextEvent<TargetStateChange>(runtime, 'state', (change) => change.to === 'unhealthy');
  assert.equal(down.reason, 'Target.FailedHealthChecks');
});

test('security groups that block the health-check port make checks time out, with the explanation kept and logged once', async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const network = blockingPort(target.port);
  const { logger, lines } = capturingLogger();
  const runtime = group(t, targetGroupPlan('tg'), { network, logger });
  const check = nextEvent<{ ok: boolean; reason?: string; detail?: string }>(runtime, 'check', () => true);
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port, securityGroupIds: ['Stack/TaskSg'] });
  const result = await check;
  assert.equal(result.reason, 'Target.Timeout');
  assert.match(result.detail ?? '', /no ingress rule/);
  await nextEvent<TargetStateChange>(runtime, 'state', (change) => change.to === 'unhealthy' && change.reason === 'Target.Timeout');
  assert.equal(target.healthRequests.length, 0, 'no packet reached the target');
  assert.deepEqual(network.calls[0], { from: 'load balancer alb', to: `target t1 (127.0.0.1:${target.port}) of target group tg`, port: target.port });
  const warnings = lines.filter((line) => line.level === 40 && String(line.msg).includes('security groups block'));
  assert.equal(warnings.length, 2, 'traffic and health-check hops each logged once');
  assert.match(String(warnings[0]?.fix), /add an ingress rule/);
});

test('checkNow checks at once instead of waiting for the interval', async (t) => {
  const target = await startTarget();
  target.healthStatus = 503;
  t.after(() => target.close());
  const slow: TimingProfile = { ...FAST_TIMING, healthCheckIntervalMs: () => 60_000, healthCheckSteadyIntervalMs: () => 60_000 };
  const runtime = group(t, targetGroupPlan('tg'), { timing: slow });
  const first = nextEvent(runtime, 'check', () => true);
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port });
  await first;
  assert.equal(runtime.health('t1'), 'initial');
  target.healthStatus = 200;
  runtime.checkNow('t1');
  await waitFor(() => runtime.health('t1') === 'healthy', 1000, 'healthy right after checkNow');
});

test('a healthy target is re-checked at the steady interval; a failed check brings the fast one back to count the threshold out', async (t) => {
  const steady: TimingProfile = { ...FAST_TIMING, healthCheckSteadyIntervalMs: () => 60_000 };
  const settled = await startTarget();
  const failing = await startTarget();
  failing.healthStatus = 503;
  t.after(() => Promise.all([settled.close(), failing.close()]));
  const runtime = group(t, targetGroupPlan('tg', { healthCheck: healthCheck({ healthyThreshold: 2, unhealthyThreshold: 2 }) }), { timing: steady });
  runtime.register({ id: 'settled', host: '127.0.0.1', port: settled.port });
  runtime.register({ id: 'failing', host: '127.0.0.1', port: failing.port });
  await waitFor(() => runtime.health('settled') === 'healthy', 2000, 'the settled target healthy');
  // The failing target's fast checks are the clock: eight of them, and the healthy one got no second check.
  const from = failing.healthRequests.length;
  await waitFor(() => failing.healthRequests.length >= from + 8, 3000, 'eight more checks of the failing target');
  assert.equal(settled.healthRequests.length, 1, 'a healthy target waits the steady interval');
  settled.healthStatus = 503;
  runtime.checkNow('settled'); // the first failure; the second can only come from the fast interval
  await waitFor(() => runtime.health('settled') === 'unhealthy', 3000, 'unhealthy after two failures at the fast interval');
  settled.healthStatus = 200;
  await waitFor(() => runtime.health('settled') === 'healthy', 3000, 'healthy again after two passes at the fast interval');
});

test(`targets of a group no load balancer uses read unused / Target.NotInUse and are not checked (${DOC})`, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const runtime = group(t, targetGroupPlan('tg'), { inUse: false });
  runtime.register({ id: 't1', host: '127.0.0.1', port: target.port });
  assert.equal(runtime.describe('t1').reason, 'Target.NotInUse');
  assert.equal(runtime.acquire(), undefined);
  assert.equal(runtime.describe('nope').reason, 'Target.NotRegistered');
  assert.equal(target.healthRequests.length, 0);
});

test('the check schedule never runs two checks of one target at once', async () => {
  let running = 0;
  let overlaps = 0;
  let checks = 0;
  const schedule = new CheckSchedule(10, async () => {
    running += 1;
    if (running > 1) overlaps += 1;
    checks += 1;
    await new Promise((resolve) => setTimeout(resolve, 35));
    running -= 1;
  });
  schedule.now();
  try {
    await waitFor(() => checks >= 4, 3000, 'four checks');
  } finally {
    schedule.stop();
  }
  assert.equal(overlaps, 0);
});
