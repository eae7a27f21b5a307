/**
 * kill -9 of an api-service task on examples/queue-worker while a steady trickle of `GET /items`
 * crosses REST API → VPC link → NLB → `alb` target group → ALB → api-service: the service replaces
 * the task (a new one healthy within the bound) and at most one request fails meanwhile, as on the
 * HTTP API path (bookstore.test.ts, nlb-alb.test.ts).
 * AWS::ApiGateway::RestApi.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, isAlive, startSystem } from './system.js';
import type { RunningSystem } from './system.js';
import { EXAMPLE, apiKeyValue, queueWorkerStatus } from './queue-worker-support.js';

/** From kill -9 to a replacement task healthy: the scheduler's restart plus the ALB's health checks. */
const REPLACED_WITHIN_MS = 20_000;
/** The stage and usage plan throttle at 50 req/s: the trickle stays well under it, so a 429 is never counted. */
const TRICKLE_GAP_MS = 50;
/** The trickle runs at least this long after the kill, so requests after the replacement are counted too. */
const TRICKLE_AT_LEAST_MS = 3_000;

let system: RunningSystem | undefined;
let key = '';

before(async () => {
  system = await startSystem({ args: EXAMPLE });
  const started = system;
  await eventually(async () => allHealthy(await started.status()), 180_000, `every service healthy\n${started.output()}`);
  key = apiKeyValue(started.dataDir);
});

after(async () => {
  await system?.stop().catch(() => undefined);
});

test('kill -9 of an api-service task behind REST API → NLB → ALB: replaced and healthy within the bound, at most one request fails', { timeout: 120_000 }, async () => {
  assert.ok(system);
  const running = system;
  const items = `${running.gateway}/prod/items?limit=1`;
  const first = await fetch(items, { headers: { 'x-api-key': key } });
  assert.equal(first.status, 200, 'GET /items answers through every hop before the kill');
  await first.arrayBuffer();
  const service = (await queueWorkerStatus(running.admin)).services.find((candidate) => candidate.name.includes('Api'));
  const victim = service?.tasks[0];
  assert.ok(service && victim, 'an api-service task to kill');
  const desired = service.desiredCount;
  const failed: string[] = [];
  let requests = 0;
  let polling = true;
  const load = (async () => {
    while (polling) {
      requests += 1;
      const response = await fetch(items, { headers: { 'x-api-key': key } }).catch((error: unknown) => error as Error);
      if (response instanceof Error) failed.push(response.message);
      else {
        if (response.status !== 200) failed.push(`${response.status} ${await response.text()}`);
        else await response.arrayBuffer();
      }
      await new Promise((resolve) => setTimeout(resolve, TRICKLE_GAP_MS));
    }
  })();
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = Date.now();
  try {
    await eventually(
      async () => {
        const now = (await queueWorkerStatus(running.admin)).services.find((candidate) => candidate.name === service.name);
        return now && !now.tasks.some((task) => task.id === victim.id) && now.tasks.filter((task) => task.health === 'healthy').length >= desired;
      },
      REPLACED_WITHIN_MS,
      `a replacement api-service task healthy within ${REPLACED_WITHIN_MS} ms`,
    );
  } catch (error) {
    polling = false;
    await load;
    throw error;
  }
  const replacedMs = Date.now() - killedAt;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, TRICKLE_AT_LEAST_MS - replacedMs)));
  polling = false;
  await load;
  console.log(`# REST API → NLB → ALB kill -9 → replaced and healthy in ${replacedMs} ms; ${failed.length} of ${requests} requests failed${failed.length ? `: ${failed.join('; ')}` : ''}`);
  assert.equal(isAlive(victim.pid), false);
  assert.ok(requests >= 10, `a steady trickle ran meanwhile (${requests} requests)`);
  assert.ok(failed.length <= 1, `${failed.length} requests failed: ${failed.join('; ')}`);
});
