/** gatelink's own output survives its stdout/stderr going away: later lines land in the data dir's log. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fdWithFallback } from '../../src/lifecycle/safe-output.js';

for (const code of ['EPIPE', 'EIO']) {
  test(`after ${code} on the descriptor, lines go to the fallback file (its folder made on demand)`, (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-output-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const written: string[] = [];
    let broken = false;
    const fallback = path.join(dir, 'logs', 'gatelink.log');
    const sink = fdWithFallback(2, fallback, (_fd, text) => {
      if (broken) throw Object.assign(new Error(code), { code });
      written.push(text);
    });
    sink.write('one\n');
    broken = true;
    assert.doesNotThrow(() => sink.write('two\n'));
    sink.write('three\n');
    assert.deepEqual(written, ['one\n']);
    assert.equal(readFileSync(fallback, 'utf8'), 'two\nthree\n');
  });
}

test('a fallback file that cannot be written does not throw either', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-output-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const notADir = path.join(dir, 'file');
  writeFileSync(notADir, '');
  const sink = fdWithFallback(2, path.join(notADir, 'logs', 'gatelink.log'), () => {
    throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' });
  });
  assert.doesNotThrow(() => sink.write('lost\n'));
});
