/**
 * Durability: a 2xx from a write means the item is stored. Writes are acknowledged under concurrent
 * load, then the whole process tree (npm, gatelink with its embedded DynamoDB, every task) gets
 * SIGKILL at once — no chance to flush or drain — and `gatelink up` on the same data dir must
 * return every acknowledged item, unchanged.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { allHealthy, eventually, isAlive, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

const WRITERS = 8;
const running: RunningSystem[] = [];
after(async () => {
  for (const system of running) await system.stop().catch(() => undefined);
});

async function up(dataDir?: string): Promise<RunningSystem> {
  const system = await startSystem({ ...(dataDir ? { dataDir } : {}), args: ['--cdk-dir', 'infra', '--no-throttle'] });
  running.push(system);
  await eventually(async () => allHealthy(await system.status()), 120_000, `all tasks healthy\n${system.output()}`);
  return system;
}

test('kill -9 of the whole tree loses no acknowledged write', { timeout: 300_000 }, async () => {
  const first = await up();
  const acknowledged = new Map<number, string>();
  let stopWriting = false;
  let attempted = 0;
  const writer = async (worker: number): Promise<void> => {
    for (let i = 0; !stopWriting; i++) {
      const title = `durable ${worker}-${i}`;
      attempted += 1;
      try {
        const response = await fetch(`${first.gateway}/api/books`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ isbn: 9781000000000 + worker * 100_000 + i, title, publisher: 'chaos', date: '11/23/2026', authorId: 1 }),
        });
        if (response.status === 201) acknowledged.set(((await response.json()) as { id: number }).id, title);
        else await response.arrayBuffer();
      } catch {
        // The kill lands mid-request: that write was never acknowledged, so it may or may not exist.
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, worker) => writer(worker));
  await eventually(() => acknowledged.size >= 150, 60_000, '150 acknowledged writes');
  const orphans = (await first.status()).services.flatMap((service) => service.tasks.map((task) => task.pid));
  // SIGKILL to the process group while writes are in flight.
  if (first.child.pid) process.kill(-first.child.pid, 'SIGKILL');
  stopWriting = true;
  await Promise.all(writers);
  await first.stop('SIGKILL');

  const second = await up(first.dataDir);
  // Tasks lead process groups of their own, so SIGKILL to gatelink's group did not reach them: the
  // reaper ended them when gatelink died, and the second `up` would have found any left in the ledger.
  assert.deepEqual(orphans.filter(isAlive), [], 'the first run’s tasks are gone');
  const missing: number[] = [];
  for (const [id, title] of acknowledged) {
    const response = await fetch(`${second.gateway}/api/books/${id}`);
    const body = response.status === 200 ? ((await response.json()) as { title: string }) : undefined;
    if (body?.title !== title) missing.push(id);
  }
  console.log(`# durability: ${acknowledged.size} of ${attempted} writes acknowledged before SIGKILL; ${missing.length} missing after restart`);
  assert.deepEqual(missing, [], 'every acknowledged write survives');
});
