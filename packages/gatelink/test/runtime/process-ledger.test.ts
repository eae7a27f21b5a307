/** The ledger of task processes: what a gatelink killed with SIGKILL left running goes at the next start, and nothing else. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isRunning, processStartTime, psStat } from '../../src/process-identity.js';
import { acquireDataDir, parseLock } from '../../src/runtime/data-dir.js';
import { ProcessLedger } from '../../src/runtime/process-ledger.js';
import { ended, killQuietly, release, shellWithChild } from '../process-groups.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-ledger-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a leftover task goes with its whole process group: a shell-form command’s child too', async (t) => {
  const file = path.join(tempDir(t), 'processes.json');
  const { shell, childPid } = await shellWithChild();
  t.after(() => killQuietly([shell.pid, childPid]));
  new ProcessLedger(file).add(shell.pid ?? 0); // what the crashed gatelink wrote
  assert.equal(new ProcessLedger(file).killLeftovers(), 1);
  await ended([shell.pid ?? 0, childPid]);
  assert.equal(existsSync(file), false, 'the ledger starts over');
});

test('a group whose leader already exited is cleaned up too', async (t) => {
  const file = path.join(tempDir(t), 'processes.json');
  const { shell, childPid } = await shellWithChild('exit 0');
  t.after(() => killQuietly([childPid]));
  new ProcessLedger(file).add(shell.pid ?? 0);
  release(shell);
  await new Promise((resolve) => shell.once('exit', resolve));
  assert.ok(isRunning(childPid), 'the child outlives its shell');
  assert.equal(new ProcessLedger(file).killLeftovers(), 1);
  await ended([childPid]);
});

test('a recorded pid that now names another process is left alone, and so is a torn ledger', async (t) => {
  const dir = tempDir(t);
  const { shell, childPid } = await shellWithChild();
  t.after(() => killQuietly([shell.pid, childPid]));
  const file = path.join(dir, 'processes.json');
  writeFileSync(file, JSON.stringify({ [String(shell.pid)]: '1' })); // started at tick 1: another process
  assert.equal(new ProcessLedger(file).killLeftovers(), 0);
  writeFileSync(file, '{"12'); // a gatelink killed mid-write
  assert.equal(new ProcessLedger(file).killLeftovers(), 0);
  assert.ok(isRunning(shell.pid ?? 0) && isRunning(childPid));
});

test('the data dir lock is held by a running gatelink only, not by a later process that got its pid', async (t) => {
  const dir = tempDir(t);
  const { shell, childPid } = await shellWithChild();
  t.after(() => killQuietly([shell.pid, childPid]));
  const holder = shell.pid ?? 0;
  writeFileSync(path.join(dir, 'gatelink.pid'), `${holder} ${processStartTime(holder)}`);
  assert.throws(() => acquireDataDir(dir), { code: 'GL_ERR_DATA_DIR_LOCKED' });
  writeFileSync(path.join(dir, 'gatelink.pid'), `${holder} 1`);
  const lock = acquireDataDir(dir);
  lock.release();
  assert.equal(existsSync(path.join(dir, 'gatelink.pid')), false);
});

test('without /proc (macOS), ps gives the state and the start time, and nothing for a process that is gone', async (t) => {
  const { shell, childPid } = await shellWithChild();
  t.after(() => killQuietly([shell.pid, childPid]));
  const running = psStat(childPid);
  assert.match(running?.state ?? '', /^[SR]/);
  assert.match(running?.startTime ?? '', /^\w{3} \w{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/, 'ps -o lstart=');
  process.kill(childPid, 'SIGKILL');
  await ended([childPid]);
  const gone = psStat(childPid);
  assert.ok(gone === undefined || gone.state.startsWith('Z'), JSON.stringify(gone));
});

test('a lock’s start time is the rest of its line: ps writes it with spaces on macOS', () => {
  assert.deepEqual(parseLock('4242 Wed Dec 2 05:59:56 2026\n'), { pid: 4242, startTime: 'Wed Dec 2 05:59:56 2026' });
  assert.deepEqual(parseLock('4242 123456'), { pid: 4242, startTime: '123456' });
  assert.deepEqual(parseLock('4242'), { pid: 4242 }, 'a lock of an older version');
  assert.equal(parseLock('not a pid'), undefined);
});
