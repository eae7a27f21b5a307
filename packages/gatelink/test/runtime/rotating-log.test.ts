/** The access log's size bound: one rotated file, writes never lost across a rotation. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { RotatingLog } from '../../src/runtime/rotating-log.js';

function logFile(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-rotate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'access.log');
}

test('past the bound the file becomes .1 and a new one starts; every line is in one of the two', async (t) => {
  const file = logFile(t);
  const errors: Error[] = [];
  const log = new RotatingLog(file, 100, (error) => errors.push(error));
  const lines = Array.from({ length: 12 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}\n`); // 29 bytes each
  for (const line of lines) log.write(line);
  await log.end();
  const rotated = readFileSync(`${file}.1`, 'utf8');
  const current = readFileSync(file, 'utf8');
  assert.ok(Buffer.byteLength(current) <= 100, `the current file stays within the bound (${current.length} bytes)`);
  assert.ok(Buffer.byteLength(rotated) <= 100);
  assert.equal(current.split('\n')[0], 'line 09 xxxxxxxxxxxxxxxxxxxx', 'the newest lines are in the current file');
  assert.deepEqual(errors, []);
  // Two rotations happened: lines 0-2 went with the first .1, which the second replaced.
  assert.equal(rotated + current, lines.slice(6).join(''));
});

test('a file already over the bound at start rotates on the first write; a small one is appended to', async (t) => {
  const file = logFile(t);
  writeFileSync(file, 'y'.repeat(150));
  const log = new RotatingLog(file, 100, () => undefined);
  log.write('first\n');
  await log.end();
  assert.equal(readFileSync(`${file}.1`, 'utf8'), 'y'.repeat(150));
  assert.equal(readFileSync(file, 'utf8'), 'first\n');

  const small = logFile(t);
  writeFileSync(small, 'kept\n');
  const appending = new RotatingLog(small, 100, () => undefined);
  appending.write('more\n');
  await appending.end();
  assert.equal(readFileSync(small, 'utf8'), 'kept\nmore\n');
  assert.equal(existsSync(`${small}.1`), false);
});

test('a log that cannot be opened reports it once and drops lines instead of failing the gateway', async (t) => {
  const file = path.join(logFile(t), 'no-such-dir', 'access.log');
  const errors: Error[] = [];
  const log = new RotatingLog(file, 100, (error) => errors.push(error));
  log.write('lost\n');
  await log.end();
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /ENOENT/);
});
