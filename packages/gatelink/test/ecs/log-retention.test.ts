/** Task logs are bounded by count per service: running tasks' files and the newest stopped ones stay. */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { capTaskLog, pruneTaskLogs } from '../../src/ecs/log-retention.js';

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

test('the oldest stopped tasks’ logs go beyond the kept count; running tasks’ logs stay however old', async (t) => {
  const dir = serviceDir(t, { 'old-running.log': 500, 'a.log': 40, 'a.log.1': 41, 'b.log': 30, 'c.log': 20, 'c.log.1': 21, 'd.log': 10, 'notes.txt': 900 });
  const deleted = await pruneTaskLogs(dir, () => new Set(['old-running']), 2);
  assert.deepEqual(deleted.sort(), ['a.log', 'b.log']);
  assert.deepEqual(readdirSync(dir).sort(), ['c.log', 'c.log.1', 'd.log', 'notes.txt', 'old-running.log'], 'a deleted log takes its .1 copy with it');
});

test('nothing is deleted within the bound, or when the service has no logs yet', async (t) => {
  const dir = serviceDir(t, { 'a.log': 2, 'b.log': 1 });
  assert.deepEqual(await pruneTaskLogs(dir, () => new Set(), 2), []);
  assert.equal(readdirSync(dir).length, 2);
  assert.deepEqual(await pruneTaskLogs(path.join(dir, 'missing'), () => new Set()), []);
});

test('a running task’s log past the bound moves to .1 and the task’s next line starts the emptied file', async (t) => {
  const dir = serviceDir(t, {});
  const file = path.join(dir, 'task.log');
  const fd = openSync(file, 'a'); // as the task holds it
  t.after(() => closeSync(fd));
  writeSync(fd, 'x'.repeat(80) + '\n');
  assert.equal(await capTaskLog(file, 100), false, 'within the bound: untouched');
  writeSync(fd, 'y'.repeat(40) + '\n');
  assert.equal(await capTaskLog(file, 100), true);
  assert.equal(readFileSync(`${file}.1`, 'utf8'), `${'x'.repeat(80)}\n${'y'.repeat(40)}\n`);
  writeSync(fd, 'next line\n');
  assert.equal(readFileSync(file, 'utf8'), 'next line\n', 'written at the start, with no hole before it');
  assert.equal(await capTaskLog(path.join(dir, 'missing.log'), 100), false);
});
