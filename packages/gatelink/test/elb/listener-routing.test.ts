import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import type { NetworkCheck } from '../../src/elb/network-check.js';
import type { Plan } from '../../src/plan/types.js';
import type { Logger } from 'pino';
import { blockingPort, capturingLogger, FAST_TIMING, forward, listenerPlan, OPEN, planWith, proxyRequest, readBody, rule, seededRandom, silentLogger, startTarget, targetGroupPlan, waitFor } from './helpers.js';
import type { TestTarget } from './helpers.js';

const HC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html';
const TROUBLE = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html';
const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/alb/1/2';

function alb(t: { after: (fn: () => Promise<void>) => void }, plan: Plan, options: { network?: NetworkCheck; logger?: Logger } = {}): LoadBalancerRuntime {
  const runtime = new LoadBalancerRuntime(plan, { timing: FAST_TIMING, network: options.network ?? OPEN, logger: options.logger ?? silentLogger(), random: seededRandom(3) });
  t.after(() => runtime.close());
  return runtime;
}

function bookPlan(attributes: Record<string, string> = {}): Plan {
  return planWith({
    targetGroups: [targetGroupPlan('bookTG')],
    listeners: [listenerPlan({ rules: [rule(1, [{ field: 'path-pattern', values: ['/api/books*'] }], forward('bookTG'))] })],
    attributes,
  });
}

async function healthyTargets(t: { after: (fn: () => Promise<void>) => void }, runtime: LoadBalancerRuntime, count: number): Promise<TestTarget[]> {
  const group = runtime.targetGroup('Stack/bookTG');
  const targets: TestTarget[] = [];
  for (let i = 0; i < count; i += 1) {
    const target = await startTarget();
    t.after(() => target.close());
    group.register({ id: `t${i}`, host: '127.0.0.1', port: target.port });
    targets.push(target);
  }
  await waitFor(() => targets.every((_, i) => group.health(`t${i}`) === 'healthy'), 2000, 'healthy targets');
  return targets;
}

test(`no registered targets: the ALB's own 503, naming the target group (${TROUBLE}#http-503-issues)`, async (t) => {
  const { logger, lines } = capturingLogger();
  const runtime = alb(t, bookPlan(), { logger });
  const response = await runtime.listenerByArn(LISTENER_ARN).handle(proxyRequest({ url: '/api/books' }));
  assert.equal(response.statusCode, 503);
  assert.equal(response.origin, 'elb');
  assert.match(response.explanation ?? '', /target group bookTG has no registered targets/);
  assert.match(response.explanation ?? '', /rule Stack\/Rule1 \(priority 1\)/);
  assert.match(await readBody(response.body), /503 Service Temporarily Unavailable/);
  const warning = lines.find((line) => line.level === 40 && line.msg === 'load balancer error');
  assert.match(String(warning?.explanation), /has no registered targets/);
  assert.equal(runtime.metrics('Stack/Alb').HTTPCode_ELB_503_Count, 1);
});

test('unmatched paths get the default action (fixed-response) without touching targets', async (t) => {
  const runtime = alb(t, bookPlan());
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/other' }));
  assert.equal(response.statusCode, 404);
  assert.equal(await readBody(response.body), 'no rule');
  assert.match(response.explanation ?? '', /default action: fixed-response 404/);
});

test('round_robin spreads requests over healthy targets', async (t) => {
  const runtime = alb(t, bookPlan());
  const targets = await healthyTargets(t, runtime, 2);
  const bodies = [];
  for (let i = 0; i < 4; i += 1) {
    const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books' }));
    assert.equal(response.origin, 'target');
    bodies.push(await readBody(response.body));
  }
  const ports = bodies.map((body) => Number(body.split(' ').at(-1)));
  assert.deepEqual(new Set(ports), new Set(targets.map((target) => target.port)));
  assert.notEqual(ports[0], ports[1]);
  assert.equal(runtime.metrics('Stack/Alb').HTTPCode_Target_2XX_Count, 4);
});

/** pino's level numbers of the fail-open lines logged so far. */
function failOpenLevels(lines: readonly Record<string, unknown>[]): unknown[] {
  return lines.filter((line) => String(line.msg).includes('failing open')).map((line) => line.level);
}

test(`fail-open: when no target is healthy, every registered target still gets traffic (${HC})`, async (t) => {
  const { logger, lines } = capturingLogger();
  const runtime = alb(t, bookPlan(), { logger });
  const [target] = await healthyTargets(t, runtime, 1);
  assert.ok(target);
  const group = runtime.targetGroup('Stack/bookTG');
  target.healthStatus = 500;
  await waitFor(() => group.health('t0') === 'unhealthy');
  assert.equal(group.failOpen, true);
  // At registration (every start) failing open is routine; after a target was healthy it is a warning.
  assert.deepEqual(failOpenLevels(lines), [30, 40]);
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books' }));
  assert.equal(response.statusCode, 200);
  assert.equal(response.origin, 'target');
  await readBody(response.body);
});

test(`fail-open covers targets still in their initial checks (${HC}; observed: https://github.com/open-guides/og-aws/pull/116)`, async (t) => {
  const runtime = alb(t, bookPlan());
  const target = await startTarget();
  t.after(() => target.close());
  target.healthStatus = 500;
  runtime.targetGroup('Stack/bookTG').register({ id: 'starting', host: '127.0.0.1', port: target.port });
  assert.equal(runtime.targetGroup('Stack/bookTG').health('starting'), 'initial');
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books' }));
  assert.equal(response.statusCode, 200);
  await readBody(response.body);
});

test('with one healthy target, unhealthy ones get no traffic', async (t) => {
  const runtime = alb(t, bookPlan());
  const [good, bad] = await healthyTargets(t, runtime, 2);
  assert.ok(good && bad);
  bad.healthStatus = 500;
  await waitFor(() => runtime.targetGroup('Stack/bookTG').health('t1') === 'unhealthy');
  for (let i = 0; i < 4; i += 1) {
    const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books' }));
    assert.equal(await readBody(response.body), `hello from ${good.port}`);
  }
});

test('a security group that blocks the ALB → target hop: no connection, a blocked-by-security-group failure with the fix', async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  let reached = false;
  target.server.prependListener('request', (req) => {
    if (req.url !== '/health') reached = true;
  });
  const runtime = alb(t, bookPlan(), { network: blockingPort(target.port) });
  runtime.targetGroup('Stack/bookTG').register({ id: 't0', host: '127.0.0.1', port: target.port, securityGroupIds: ['Stack/TaskSg'] });
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books' }));
  assert.equal(response.failure?.kind, 'blocked-by-security-group');
  assert.ok(response.failure?.kind === 'blocked-by-security-group' && /ingress rule/.test(response.failure.fix));
  assert.equal(response.statusCode, 504, 'what the ALB itself would answer after its connect timeout');
  assert.match(response.explanation ?? '', /security groups block the load balancer from target t0/);
  assert.equal(reached, false);
});

test(`TRACE is refused with 405 (${TROUBLE})`, async (t) => {
  const runtime = alb(t, bookPlan());
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ method: 'TRACE', url: '/api/books' }));
  assert.equal(response.statusCode, 405);
});

test(`more than 30 X-Forwarded-For addresses: 463 (${TROUBLE}#http-463-issues)`, async (t) => {
  const runtime = alb(t, bookPlan());
  const addresses = (count: number): string => Array.from({ length: count }, (_, i) => `10.0.0.${i}`).join(', ');
  const tooMany = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/other', headers: { host: 'a', 'x-forwarded-for': addresses(31) } }));
  assert.equal(tooMany.statusCode, 463);
  const enough = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/other', headers: { host: 'a', 'x-forwarded-for': addresses(30) } }));
  assert.equal(enough.statusCode, 404);
});

test('a client that is already gone gets 460, counted, nothing else done', async (t) => {
  const runtime = alb(t, bookPlan());
  const controller = new AbortController();
  controller.abort();
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books', signal: controller.signal }));
  assert.equal(response.statusCode, 460);
  assert.equal(response.body, null);
  assert.equal(runtime.metrics('Stack/Alb').HTTPCode_ELB_460_Count, 1);
});

test('weighted forward splits traffic between target groups by weight', async (t) => {
  const plan = planWith({
    targetGroups: [targetGroupPlan('blue'), targetGroupPlan('green')],
    listeners: [listenerPlan({ defaultActions: [forward(['blue', 3], ['green', 1])] })],
  });
  const runtime = alb(t, plan);
  const counts = { blue: 0, green: 0 };
  for (let i = 0; i < 400; i += 1) {
    const response = await runtime.listener('Stack/Listener').handle(proxyRequest());
    const color = /target group (\w+) has no/.exec(response.explanation ?? '')?.[1] as 'blue' | 'green';
    counts[color] += 1;
  }
  assert.ok(counts.blue > 240 && counts.blue < 360, JSON.stringify(counts));
});

test('lookups of unknown listeners or target groups fail with a code', (t) => {
  const runtime = alb(t, bookPlan());
  assert.throws(() => runtime.listenerByArn('arn:nope'), (error) => isGatelinkError(error, 'GL_ERR_ELB_UNKNOWN_RESOURCE'));
  assert.throws(() => runtime.targetGroup('Stack/nope'), (error) => isGatelinkError(error, 'GL_ERR_ELB_UNKNOWN_RESOURCE'));
  assert.equal(runtime.targetGroup(targetGroupPlan('bookTG').physicalId).name, 'bookTG', 'target groups are found by ARN too');
});

test('a listener that forwards to an undefined target group is a configuration error', () => {
  const plan = planWith({ targetGroups: [], listeners: [listenerPlan({ defaultActions: [forward('ghost')] })] });
  assert.throws(() => new LoadBalancerRuntime(plan, { timing: FAST_TIMING, network: OPEN, logger: silentLogger() }), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
});
