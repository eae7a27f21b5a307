/** The console's log tail: history from near each file's end, then new lines; a burst bigger than one read is skipped to its end. */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LogTail } from '../../src/console/log-tail.js';

test('first read: the end of each file; then only new lines; a burst over 8 KB costs one bounded read', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-log-tail-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'web'));
  const file = path.join(dir, 'web', 'task-1.log');
  const line = (n: number) => `2026-12-06T01:00:00.000Z line ${String(n).padStart(6, '0')} ${'x'.repeat(60)}\n`;
  writeFileSync(file, Array.from({ length: 1000 }, (_, n) => line(n)).join(''));
  const tail = new LogTail(dir, ['web']);
  const first = await tail.read();
  assert.ok(first.length > 50 && first.length < 200, `history is the file's last 8 KB (${first.length} lines)`);
  assert.match(first.at(-1)?.text ?? '', /line 000999/);
  assert.equal(first.at(-1)?.service, 'web');
  assert.equal(first.at(-1)?.taskId, 'task-1');
  appendFileSync(file, line(1000));
  assert.deepEqual((await tail.read()).map((entry) => entry.text), [line(1000).trimEnd()]);
  appendFileSync(file, Array.from({ length: 2000 }, (_, n) => line(2000 + n)).join(''));
  const burst = await tail.read();
  assert.ok(burst.length < 200, `a bounded read (${burst.length} lines)`);
  assert.match(burst.at(-1)?.text ?? '', /line 003999/);
  assert.ok(tail.history().length <= 300, 'the kept history is bounded');
});
