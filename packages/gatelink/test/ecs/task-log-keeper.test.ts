/** A service's log keeper: pruning runs in the background of launches, one at a time, and never throws. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { STOPPED_TASK_LOGS_KEPT } from '../../src/ecs/log-retention.js';
import { TaskLogKeeper } from '../../src/ecs/task-log-keeper.js';
import { waitFor } from '../elb/helpers.js';

function logsDir(t: { after: (fn: () => void) => void }, stoppedLogs: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-keeper-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (let i = 0; i < stoppedLogs; i += 1) {
    const file = path.join(dir, `stopped${String(i).padStart(2, '0')}.log`);
    writeFileSync(file, 'stopped\n');
    const when = new Date(Date.now() - (1_000 - i) * 60_000); // stopped00 is the oldest
    utimesSync(file, when, when);
  }
  return dir;
}

function capturingLogger(): { logger: pino.Logger; lines: () => { level: number; msg: string }[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  const lines = (): { level: number; msg: string }[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string });
  return { logger, lines };
}

test('a prune runs in the background, spares the tasks running when the files are listed, and stop waits for it', async (t) => {
  const dir = logsDir(t, STOPPED_TASK_LOGS_KEPT + 3);
  const { logger, lines } = capturingLogger();
  const keeper = new TaskLogKeeper(dir, 'books', logger);
  const running = new Set<string>();
  keeper.prune(() => running);
  assert.equal(readdirSync(dir).length, STOPPED_TASK_LOGS_KEPT + 3, 'nothing is deleted before prune returns');
  running.add('stopped00'); // launched after the prune was asked for: its log is the oldest file
  await keeper.stop();
  const left = readdirSync(dir).sort();
  assert.equal(left.length, STOPPED_TASK_LOGS_KEPT + 1, 'the newest stopped logs and the running one');
  assert.deepEqual(left.slice(0, 3), ['stopped00.log', 'stopped03.log', 'stopped04.log'], 'the two oldest stopped ones went, not the running one');
  assert.ok(lines().some((line) => line.msg === 'deleted the oldest stopped tasks’ logs'));
});

test('a log that cannot be deleted is a warning, never a failed launch', async (t) => {
  const dir = logsDir(t, STOPPED_TASK_LOGS_KEPT);
  mkdirSync(path.join(dir, 'a-directory.log')); // rm without recursive refuses it
  const when = new Date(Date.now() - 10_000 * 60_000); // the oldest: first to go
  utimesSync(path.join(dir, 'a-directory.log'), when, when);
  const { logger, lines } = capturingLogger();
  const keeper = new TaskLogKeeper(dir, 'books', logger);
  keeper.prune(() => new Set());
  await keeper.stop();
  const warning = lines().find((line) => line.level === 40);
  assert.ok(warning, JSON.stringify(lines()));
  assert.match(warning.msg, /old task logs in .* could not be deleted/);
  assert.ok(readdirSync(dir).includes('a-directory.log'));
});

test('on its timer, a running task’s log past the bound is cut off the event loop, and stop waits for a cut in progress', async (t) => {
  const dir = logsDir(t, 0);
  const logFile = path.join(dir, 'running.log');
  writeFileSync(logFile, 'z'.repeat(300));
  const { logger, lines } = capturingLogger();
  const keeper = new TaskLogKeeper(dir, 'books', logger, { maxBytes: 100, checkEveryMs: 10 });
  keeper.start(() => [{ id: 'running', logFile }]);
  await waitFor(() => lines().some((line) => line.msg.startsWith('task log over its bound')), 5_000, 'the cut');
  await keeper.stop();
  assert.equal(readFileSync(`${logFile}.1`, 'utf8'), 'z'.repeat(300));
  assert.equal(readFileSync(logFile, 'utf8'), '', 'emptied for the task’s next line');
  assert.equal(lines().filter((line) => line.msg.startsWith('task log over its bound')).length, 1, 'cut once: an emptied file is within the bound');
});
