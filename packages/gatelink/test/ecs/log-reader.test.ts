import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { followServiceLogs, listLoggedServices, parseSince, readServiceLogs } from '../../src/ecs/log-reader.js';
import { LineSplitter, formatLogLine, formatLogLines, parseLogLine } from '../../src/ecs/task-log.js';

function logsDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-logs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'bookService'));
  return dir;
}

test('lines of several tasks are merged in time order and tagged with their task', async (t) => {
  const dir = logsDir(t);
  const service = path.join(dir, 'bookService');
  appendFileSync(path.join(service, 'aaaa.log'), formatLogLine(new Date('2026-01-01T00:00:01Z'), 'stdout', 'a1') + formatLogLine(new Date('2026-01-01T00:00:03Z'), 'stderr', 'a3'));
  appendFileSync(path.join(service, 'bbbb.log'), formatLogLine(new Date('2026-01-01T00:00:02Z'), 'stdout', 'b2'));
  const lines = await readServiceLogs(service, new Map());
  assert.deepEqual(lines.map((l) => `${l.taskId}:${l.text}`), ['aaaa:a1', 'bbbb:b2', 'aaaa:a3']);
  assert.deepEqual(listLoggedServices(dir), ['bookService']);
});

test('--since drops older lines; a half-written last line waits for its newline', async (t) => {
  const dir = logsDir(t);
  const file = path.join(dir, 'bookService', 'cccc.log');
  appendFileSync(file, formatLogLine(new Date('2026-01-01T00:00:01Z'), 'stdout', 'old') + formatLogLine(new Date('2026-01-01T00:10:00Z'), 'stdout', 'new'));
  appendFileSync(file, '2026-01-01T00:11:00.000Z stdout partial');
  const offsets = new Map<string, number>();
  const lines = await readServiceLogs(path.join(dir, 'bookService'), offsets, new Date('2026-01-01T00:05:00Z'));
  assert.deepEqual(lines.map((l) => l.text), ['new']);
  appendFileSync(file, ' line\n');
  assert.deepEqual((await readServiceLogs(path.join(dir, 'bookService'), offsets)).map((l) => l.text), ['partial line']);
});

test('follow yields lines appended later, until aborted', async (t) => {
  const dir = logsDir(t);
  const file = path.join(dir, 'bookService', 'dddd.log');
  appendFileSync(file, formatLogLine(new Date(), 'stdout', 'first'));
  const controller = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const batch of followServiceLogs(path.join(dir, 'bookService'), { follow: true, signal: controller.signal, pollMs: 10 })) {
      seen.push(...batch.map((l) => l.text));
      if (seen.includes('second')) controller.abort();
    }
  })();
  appendFileSync(file, formatLogLine(new Date(), 'stdout', 'second'));
  await reading;
  assert.deepEqual(seen, ['first', 'second']);
});

test('line splitting survives chunks that cut lines and UTF-8 characters', () => {
  const lines: string[] = [];
  const batches: number[] = [];
  const splitter = new LineSplitter((batch) => {
    batches.push(batch.length);
    lines.push(...batch);
  });
  const bytes = Buffer.from('héllo\r\nwor');
  splitter.push(bytes.subarray(0, 2));
  splitter.push(bytes.subarray(2));
  splitter.push(Buffer.from('ld\nlast'));
  splitter.flush();
  assert.deepEqual(lines, ['héllo', 'world', 'last']);
  assert.equal(parseLogLine('not a log line'), undefined);
  splitter.push(Buffer.from('a\nb\nc\n'));
  assert.equal(batches.at(-1), 3, 'the lines of one chunk come out as one batch');
});

test('--since accepts durations and ISO timestamps, and rejects anything else', () => {
  const now = new Date('2026-01-01T01:00:00Z');
  assert.equal(parseSince('5m', now)?.toISOString(), '2026-01-01T00:55:00.000Z');
  assert.equal(parseSince('2h', now)?.toISOString(), '2025-12-31T23:00:00.000Z');
  assert.equal(parseSince('2026-01-01T00:30:00Z', now)?.toISOString(), '2026-01-01T00:30:00.000Z');
  assert.equal(parseSince('yesterday', now), undefined);
});

test('a batch of lines is written with one timestamp, each line parseable', () => {
  const time = new Date('2026-11-23T10:00:00.000Z');
  const text = formatLogLines(time, 'stderr', ['one', 'two']);
  assert.deepEqual(text.trimEnd().split('\n').map((line) => parseLogLine(line)), [
    { time, stream: 'stderr', text: 'one' },
    { time, stream: 'stderr', text: 'two' },
  ]);
});
