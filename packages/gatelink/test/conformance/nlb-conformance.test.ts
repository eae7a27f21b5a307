/**
 * The NLB areas of the conformance suite, against ../fixtures/nlb-app.ts running under gatelink:
 * HTTP API → VPC link → NLB (TCP listeners) → ALB / Fargate tasks, and an internet-facing NLB and ALB
 * on host ports. Waits first until the failing service's target is unhealthy (it passes its first
 * checks so that `up` sees every service healthy).
 */
import { after, before, describe, test } from 'node:test';
import { AREAS } from './cases/index.js';
import { startHarness } from './harness.js';
import type { Harness } from './harness.js';
import { verifyReplies } from './verify.js';
import { synthNlbApp } from '../fixtures/nlb-app.js';

let harness: Harness;
before(async () => {
  harness = await startHarness((outdir) => synthNlbApp(outdir));
  await untilSickIsUnhealthy(harness.admin);
}, { timeout: 90_000 });
after(async () => {
  await harness.stop();
});

for (const { area, cases } of AREAS.filter((candidate) => candidate.app === 'nlb')) {
  describe(area, () => {
    for (const c of cases) test(c.name, async () => verifyReplies(c, await harness.send(c), harness.accessLog, 'apigw-requestid'));
  });
}

async function untilSickIsUnhealthy(admin: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const status = (await (await fetch(`${admin}/v1/status`)).json()) as { targetGroups: { protocol?: string; targets: { state: string }[] }[] };
    const tcp = status.targetGroups.filter((group) => group.protocol === 'TCP');
    if (tcp.filter((group) => group.targets.some((target) => target.state === 'unhealthy')).length >= 2) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the Sick service never turned unhealthy in its NLB target groups');
}
