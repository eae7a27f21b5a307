/**
 * The wiring mistake that makes this architecture answer 503: the task security group does not admit
 * the load balancer. A copy of the bookstore's assembly with that ingress rule removed must give the
 * HTTP API's 503 {"message":"Service Unavailable"} and a log line naming the missing rule.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { eventually, scratchDir, startSystem } from './system.js';
import { assemblyWithoutTaskIngress } from './sg-gap-assembly.js';

test('without the ALB → task ingress rule: 503 {"message":"Service Unavailable"} and a log line naming the gap', async () => {
  const { dir, removed } = assemblyWithoutTaskIngress();
  assert.ok(removed.length > 0, 'the test variant really removes an ingress rule');
  const copy = scratchDir('gatelink-sg-gap-data-');
  cpSync(dir, path.join(copy, 'assembly'), { recursive: true });
  const system = await startSystem({ args: ['--assembly', path.join(copy, 'assembly')] });
  try {
    // Every task registered, and the book targets failed their checks: the security group blocks them.
    await eventually(
      async () => {
        const status = await system.status();
        return status.targetGroups.length === 2 && status.targetGroups.every((group) => group.targets.length === 2 && group.targets.every((t) => t.state !== 'initial'));
      },
      60_000,
      `targets registered and checked\n${system.output()}`,
    );
    const response = await fetch(`${system.gateway}/api/books`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { message: 'Service Unavailable' });
    const authors = await fetch(`${system.gateway}/api/authors`);
    assert.equal(authors.status, 200, 'the author service, whose rule is intact, still answers');
    await authors.arrayBuffer();
    await eventually(() => /ingress/i.test(system.output()) && /8080/.test(system.output()), 5_000, 'a log line naming the missing ingress rule');
  } finally {
    await system.stop();
  }
});
