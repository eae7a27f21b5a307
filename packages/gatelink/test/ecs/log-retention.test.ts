/** Task logs are bounded by count per service: running tasks' files and the newest stopped ones stay. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pruneTaskLogs } from '../../src/ecs/log-retention.js';

function serviceDir(t: { after: (fn: () => void) => void }, files: Record<string, number>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-logs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, minutesAgo] of Object.entries(files)) {
    const file = path.join(dir, name);
    writeFileSync(file, `${name}\n`);
    const when = new Date(Date.now() - minutesAgo * 60_000);
    utimesSync(file, when, when);
  }
  return dir;
}

test('the oldest stopped tasks’ logs go beyond the kept count; running tasks’ logs stay however old', (t) => {
  const dir = serviceDir(t, { 'old-running.log': 500, 'a.log': 40, 'b.log': 30, 'c.log': 20, 'd.log': 10, 'notes.txt': 900 });
  const deleted = pruneTaskLogs(dir, new Set(['old-running']), 2);
  assert.deepEqual(deleted.sort(), ['a.log', 'b.log']);
  assert.deepEqual(readdirSync(dir).sort(), ['c.log', 'd.log', 'notes.txt', 'old-running.log']);
});

test('nothing is deleted within the bound, or when the service has no logs yet', (t) => {
  const dir = serviceDir(t, { 'a.log': 2, 'b.log': 1 });
  assert.deepEqual(pruneTaskLogs(dir, new Set(), 2), []);
  assert.equal(readdirSync(dir).length, 2);
  assert.deepEqual(pruneTaskLogs(path.join(dir, 'missing'), new Set()), []);
});
