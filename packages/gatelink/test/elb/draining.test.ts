import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TargetGroupPort } from '../../src/ecs/ports-of-call.js';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import type { TargetStateChange } from '../../src/elb/index.js';
import type { TimingProfile } from '../../src/timing/profile.js';
import { FAST_TIMING, forward, listenerPlan, nextEvent, OPEN, planWith, proxyRequest, readBody, silentLogger, startTarget, targetGroupPlan, waitFor } from './helpers.js';

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#deregistration-delay
const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#deregistration-delay';

type After = { after: (fn: () => Promise<void> | void) => void };

function alb(t: After, delayMs: number) {
  const timing: TimingProfile = { ...FAST_TIMING, deregistrationDelayMs: () => delayMs };
  const plan = planWith({ targetGroups: [targetGroupPlan('bookTG')], listeners: [listenerPlan({ defaultActions: [forward('bookTG')] })] });
  const runtime = new LoadBalancerRuntime(plan, { timing, network: OPEN, logger: silentLogger() });
  t.after(() => runtime.close());
  return { runtime, group: runtime.targetGroup('Stack/bookTG'), listener: runtime.listener('Stack/Listener') };
}

/** A target whose `/slow` answers only when `finish()` is called. */
async function slowTarget(t: After) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let received = false;
  const target = await startTarget((req, res) => {
    received = true;
    void finished.then(() => res.writeHead(200).end('slow done'));
  });
  t.after(() => target.close());
  return { target, finish, received: () => received };
}

test(`draining: the request in flight completes, no new request is routed, deregister resolves when it is done (${DOC})`, async (t) => {
  const { group, listener } = alb(t, 5_000);
  const slow = await slowTarget(t);
  group.register({ id: 't0', host: '127.0.0.1', port: slow.target.port });
  await waitFor(() => group.health('t0') === 'healthy');

  const inFlight = listener.handle(proxyRequest({ url: '/slow' }));
  await waitFor(slow.received, 2000, 'the target to receive the request');
  let deregistered = false;
  const deregistering = group.deregister('t0').then(() => (deregistered = true));
  assert.equal(group.health('t0'), 'draining');
  assert.equal(group.describe('t0').reason, 'Target.DeregistrationInProgress');

  const next = await listener.handle(proxyRequest({ url: '/other' }));
  assert.equal(next.statusCode, 503, 'a draining target gets no new requests');
  await readBody(next.body);
  assert.equal(deregistered, false);

  slow.finish();
  const response = await inFlight;
  assert.equal(response.statusCode, 200);
  assert.equal(await readBody(response.body), 'slow done');
  await deregistering;
  assert.equal(group.health('t0'), 'draining', 'the state reads draining until the delay has passed');
});

test(`a target with nothing in flight finishes deregistering at once, then reads unused after the delay (${DOC})`, async (t) => {
  const { group } = alb(t, 150);
  const target = await startTarget();
  t.after(() => target.close());
  group.register({ id: 't0', host: '127.0.0.1', port: target.port });
  await waitFor(() => group.health('t0') === 'healthy');
  const gone = nextEvent<TargetStateChange>(group, 'state', (change) => change.to === 'unused');
  const started = Date.now();
  await group.deregister('t0');
  assert.ok(Date.now() - started < 100, 'resolved without waiting for the delay');
  const change = await gone;
  assert.deepEqual([change.from, change.reason], ['draining', 'Target.NotRegistered']);
  assert.deepEqual(group.snapshot(), []);
  assert.equal(group.describe('t0').state, 'unused');
});

test(`a target that has sent its whole answer is no longer in flight, even before the client reads it (${DOC})`, async (t) => {
  const { group, listener } = alb(t, 5_000);
  const target = await startTarget();
  t.after(() => target.close());
  group.register({ id: 't0', host: '127.0.0.1', port: target.port });
  await waitFor(() => group.health('t0') === 'healthy');
  const response = await listener.handle(proxyRequest({ url: '/whole' }));
  assert.equal(response.statusCode, 200);
  const started = Date.now();
  await group.deregister('t0');
  assert.ok(Date.now() - started < 1_000, 'deregistration did not wait for the 5 s delay');
  assert.equal(await readBody(response.body), `hello from ${target.port}`, 'the answer is still whole for the client');
});

test(`when the delay runs out, what is still in flight is cut (502) and deregister resolves (${DOC})`, async (t) => {
  const { group, listener } = alb(t, 200);
  const slow = await slowTarget(t);
  group.register({ id: 't0', host: '127.0.0.1', port: slow.target.port });
  await waitFor(() => group.health('t0') === 'healthy');
  const inFlight = listener.handle(proxyRequest({ url: '/slow' }));
  await waitFor(slow.received, 2000, 'the target to receive the request');
  const started = Date.now();
  await group.deregister('t0');
  assert.ok(Date.now() - started >= 150, 'waited for the delay');
  const response = await inFlight;
  assert.equal(response.statusCode, 502);
  assert.match(response.explanation ?? '', /deregistration delay ran out mid-request/);
  slow.finish();
});

test('deregistering an unknown target resolves at once; deregistering twice shares one drain', async (t) => {
  const { group } = alb(t, 5_000);
  await group.deregister('nobody');
  const target = await startTarget();
  t.after(() => target.close());
  group.register({ id: 't0', host: '127.0.0.1', port: target.port });
  assert.equal(group.deregister('t0'), group.deregister('t0'));
});

test("the target group runtime is the ECS scheduler's TargetGroupPort", async (t) => {
  const { group } = alb(t, 100);
  const port: TargetGroupPort = group;
  const seen: string[] = [];
  const unsubscribe = port.onStateChange((id, state) => seen.push(`${id}:${state}`));
  const target = await startTarget();
  t.after(() => target.close());
  port.register({ id: 'task', host: '127.0.0.1', port: target.port, networkPort: 8080, securityGroupIds: [] });
  await waitFor(() => port.health('task') === 'healthy');
  unsubscribe();
  await port.deregister('task');
  assert.deepEqual(seen, ['task:initial', 'task:healthy']);
});
