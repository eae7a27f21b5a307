/**
 * Seed 002's chain through `gatelink up --cdk-dir`, as a user runs it: HTTP API → VPC link → NLB →
 * `alb` target group → ALB → two Fargate tasks (test/e2e/fixtures/nlb-alb). Requests cross every hop;
 * a task killed with SIGKILL is replaced as on the ALB path, with at most one request failing; SIGTERM
 * stops it all.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, isAlive, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

let system: RunningSystem;

before(async () => {
  const startedAt = Date.now();
  system = await startSystem({ args: ['--cdk-dir', 'test/e2e/fixtures/nlb-alb'] });
  await eventually(async () => allHealthy(await system.status()), 120_000, `both tasks healthy\n${system?.output() ?? ''}`);
  console.log(`# nlb-alb start-to-healthy (cold or warm synth): ${Date.now() - startedAt} ms`);
});

after(async () => {
  await system.stop();
});

test('a request crosses HTTP API → NLB → ALB → task; the ALB is the NLB group’s healthy target', async () => {
  const response = await fetch(`${system.gateway}/api/items/1?x=1`);
  assert.equal(response.status, 200);
  const seen = (await response.json()) as { url: string; headers: Record<string, string> };
  assert.equal(seen.url, '/api/items/1?x=1');
  assert.equal(seen.headers['x-forwarded-port'], '80', 'the ALB hop added its headers');
  const direct = await fetch(`${await publicNlbUrl()}/api/items/2`);
  assert.equal(direct.status, 200, 'the internet-facing NLB’s host port reaches the same chain');
  await direct.arrayBuffer();
  type Shape = { targetGroups: { targetType?: string; targets: { state: string }[] }[]; loadBalancers?: { type: string }[] };
  // The NLB checks the ALB from the start, when the tasks behind it may not answer yet: it may have to recover first.
  const status = await eventually(async () => {
    const current = (await system.status()) as unknown as Shape;
    const albGroup = current.targetGroups.find((group) => group.targetType === 'alb');
    return albGroup?.targets.length === 1 && albGroup.targets[0]?.state === 'healthy' ? current : undefined;
  }, 10_000, 'the ALB healthy as the NLB group’s target');
  assert.deepEqual(status.loadBalancers?.map((lb) => lb.type).sort(), ['application', 'network']);
});

async function publicNlbUrl(): Promise<string> {
  const status = (await system.status()) as unknown as { loadBalancers?: { type: string; listeners: { url?: string }[] }[] };
  const url = status.loadBalancers?.find((lb) => lb.type === 'network')?.listeners[0]?.url;
  assert.ok(url, 'the NLB listener has a host port');
  return url.replace(/^tcp:/, 'http:');
}

test('kill -9 of a task behind NLB → ALB: replaced and healthy again, at most one request fails meanwhile', async () => {
  const service = (await system.status()).services[0];
  const victim = service?.tasks[0];
  assert.ok(service && victim);
  let failures = 0;
  let requests = 0;
  let polling = true;
  const load = (async () => {
    while (polling) {
      requests += 1;
      const response = await fetch(`${system.gateway}/api/health`).catch(() => undefined);
      if (response?.status !== 200) failures += 1;
      await response?.arrayBuffer();
    }
  })();
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = Date.now();
  await eventually(
    async () => {
      const s = (await system.status()).services.find((x) => x.name === service.name);
      return s && !s.tasks.some((t) => t.id === victim.id) && s.tasks.filter((t) => t.health === 'healthy').length >= 2;
    },
    10_000,
    'replacement task healthy',
  );
  console.log(`# nlb-alb kill -9 → replaced and healthy in ${Date.now() - killedAt} ms; ${failures} of ${requests} requests failed`);
  polling = false;
  await load;
  assert.equal(isAlive(victim.pid), false);
  assert.ok(failures <= 1, `${failures} requests failed`);
});
