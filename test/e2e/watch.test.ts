/**
 * `npm start -- --watch`: saving a source file of a service runs its configured build and rolls the
 * service out again (gatelink.config.json), while requests keep succeeding.
 */
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningSystem, Status } from './system.js';
import { allHealthy, eventually, repoRoot, startSystem } from './system.js';

let system: RunningSystem;
before(async () => {
  system = await startSystem({ args: ['--cdk-dir', 'infra', '--watch'] });
  await eventually(async () => allHealthy(await system.status()), 120_000, `all healthy\n${system.output()}`);
});
after(async () => {
  await system.stop();
});

const deploymentsOf = (status: Status, service: string) => (status.services.find((candidate) => candidate.name === service) as { deployments?: { status: string; reason: string; revision: number }[] } | undefined)?.deployments ?? [];

test('a saved source file redeploys its service with zero failed requests; the other service is left alone', { timeout: 120_000 }, async () => {
  const statuses: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const response = await fetch(`${system.gateway}/api/authors/1`);
      statuses.push(response.status);
      await response.arrayBuffer();
    }
  })();
  const source = path.join(repoRoot, 'services/author-service/src/server.ts');
  const now = new Date();
  utimesSync(source, now, now);
  const done = await eventually(async () => deploymentsOf(await system.status(), 'authorService').find((record) => record.status !== 'IN_PROGRESS'), 90_000, `the author service redeployed\n${system.output().slice(-3000)}`);
  polling = false;
  await poller;
  assert.equal(done.status, 'COMPLETED', done.reason);
  assert.equal(done.revision, 2);
  const status = await system.status();
  assert.ok(status.services.find((service) => service.name === 'authorService')?.tasks.every((task) => (task as { revision?: number }).revision === 2));
  assert.deepEqual(deploymentsOf(status, 'bookService'), [], 'the book service was not redeployed');
  assert.ok(statuses.length > 20);
  assert.deepEqual(statuses.filter((code) => code !== 200), [], 'no request failed during the redeploy');
});
