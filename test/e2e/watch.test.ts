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

test('a saved source file redeploys its service with zero failed requests; the other service is left alone', { timeout: 180_000 }, async () => {
  const statuses: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const response = await fetch(`${system.gateway}/api/authors/1`).catch(() => undefined);
      statuses.push(response?.status ?? 0);
      await response?.arrayBuffer();
      // Paced under the stage's throttle (100 req/s): a 429 is not what this test is about.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let done: { status: string; reason: string; revision: number };
  try {
    await eventually(() => system.output().includes('gatelink watch'), 30_000, 'gatelink to report that it watches');
    await saveUntilDeploying(path.join(repoRoot, 'services/author-service/src/server.ts'));
    // A save may land during the build of the previous one and queue a second redeploy: wait for the newest.
    done = await eventually(async () => settledNewest(deploymentsOf(await system.status(), 'authorService')), 90_000, `the author service redeployed\n${system.output().slice(-3000)}`);
    await eventually(async () => authorTasks(await system.status()).every((task) => task.revision === done.revision), 20_000, `every author task on revision ${done.revision}\n${JSON.stringify((await system.status()).services)}`);
  } finally {
    polling = false;
    await poller;
  }
  assert.ok(done.revision >= 2, done.reason);
  assert.deepEqual(deploymentsOf(await system.status(), 'bookService'), [], 'the book service was not redeployed');
  assert.ok(statuses.length > 20);
  assert.deepEqual(statuses.filter((code) => code !== 200), [], 'no request failed during the redeploy');
});

/** The newest deployment once it completed and none is running or queued behind a build. */
function settledNewest(deployments: { status: string; reason: string; revision: number }[]) {
  const newest = deployments.reduce<(typeof deployments)[number] | undefined>((latest, record) => (!latest || record.revision > latest.revision ? record : latest), undefined);
  const building = system.output().split('building before the redeploy').length - 1;
  return newest?.status === 'COMPLETED' && deployments.length >= building ? newest : undefined;
}

const authorTasks = (status: Status) => (status.services.find((service) => service.name === 'authorService')?.tasks ?? []) as { revision?: number }[];

/** Saves (touches) the file every few seconds until a redeploy starts (its build, then its deployment): a watcher may still be settling in. */
async function saveUntilDeploying(file: string): Promise<void> {
  let savedAt = 0;
  await eventually(
    async () => {
      if (Date.now() - savedAt > 3_000) {
        const now = new Date();
        utimesSync(file, now, now);
        savedAt = Date.now();
      }
      return system.output().includes('building before the redeploy') || deploymentsOf(await system.status(), 'authorService').length > 0;
    },
    60_000,
    `a deployment of the author service after the save\n${system.output().slice(-3000)}`,
  );
}
