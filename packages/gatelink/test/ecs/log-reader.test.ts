import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { followServiceLogs, listLoggedServices, parseSince, readServiceLogs } from '../../src/ecs/log-reader.js';
import type { LogCursor } from '../../src/ecs/log-reader.js';
import { gatelinkNote, lastLinesOf, statedTime, timedLines } from '../../src/ecs/task-log.js';

function logsDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-logs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'bookService'));
  return dir;
}

/** A line as pino writes it. */
function pinoLine(iso: string, msg: string): string {
  return `${JSON.stringify({ level: 30, time: new Date(iso).getTime(), msg })}\n`;
}

test('lines of several tasks are merged in time order and tagged with their task', async (t) => {
  const dir = logsDir(t);
  const service = path.join(dir, 'bookService');
  appendFileSync(path.join(service, 'aaaa.log'), pinoLine('2026-01-01T00:00:01Z', 'a1') + pinoLine('2026-01-01T00:00:03Z', 'a3'));
  appendFileSync(path.join(service, 'bbbb.log'), pinoLine('2026-01-01T00:00:02Z', 'b2'));
  const lines = await readServiceLogs(service, new Map());
  assert.deepEqual(lines.map((l) => `${l.taskId}:${JSON.parse(l.text).msg}`), ['aaaa:a1', 'bbbb:b2', 'aaaa:a3']);
  assert.deepEqual(listLoggedServices(dir), ['bookService']);
});

test('a line without a time of its own stays under the line before it', async (t) => {
  const dir = logsDir(t);
  const service = path.join(dir, 'bookService');
  appendFileSync(path.join(service, 'aaaa.log'), `${pinoLine('2026-01-01T00:00:01Z', 'boom')}Error: boom\n    at main (server.js:1:1)\n${pinoLine('2026-01-01T00:00:04Z', 'a4')}`);
  appendFileSync(path.join(service, 'bbbb.log'), pinoLine('2026-01-01T00:00:02Z', 'b2'));
  const lines = await readServiceLogs(service, new Map());
  assert.deepEqual(
    lines.map((l) => `${l.taskId}:${l.text.startsWith('{') ? JSON.parse(l.text).msg : l.text.trim()}`),
    ['aaaa:boom', 'aaaa:Error: boom', 'aaaa:at main (server.js:1:1)', 'bbbb:b2', 'aaaa:a4'],
  );
});

test('lines before the first stamped one take the time the file was created', async (t) => {
  const dir = logsDir(t);
  const file = path.join(dir, 'bookService', 'eeee.log');
  appendFileSync(file, 'plain output\n');
  const lines = await readServiceLogs(path.join(dir, 'bookService'), new Map());
  assert.equal(lines.length, 1);
  assert.ok(Math.abs((lines[0]?.time.getTime() ?? 0) - Date.now()) < 60_000, 'stamped with the file time, not the epoch');
});

test('--since drops older lines; a half-written last line waits for its newline', async (t) => {
  const dir = logsDir(t);
  const file = path.join(dir, 'bookService', 'cccc.log');
  appendFileSync(file, pinoLine('2026-01-01T00:00:01Z', 'old') + pinoLine('2026-01-01T00:10:00Z', 'new'));
  appendFileSync(file, '{"level":30,"time":1767226260000,"msg":"part');
  const cursors = new Map<string, LogCursor>();
  const lines = await readServiceLogs(path.join(dir, 'bookService'), cursors, new Date('2026-01-01T00:05:00Z'));
  assert.deepEqual(lines.map((l) => JSON.parse(l.text).msg), ['new']);
  appendFileSync(file, 'ial line"}\n');
  assert.deepEqual((await readServiceLogs(path.join(dir, 'bookService'), cursors)).map((l) => JSON.parse(l.text).msg), ['partial line']);
});

test('follow yields lines appended later, until aborted', async (t) => {
  const dir = logsDir(t);
  const file = path.join(dir, 'bookService', 'dddd.log');
  appendFileSync(file, pinoLine(new Date().toISOString(), 'first'));
  const controller = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const batch of followServiceLogs(path.join(dir, 'bookService'), { follow: true, signal: controller.signal, pollMs: 10 })) {
      seen.push(...batch.map((l) => JSON.parse(l.text).msg as string));
      if (seen.includes('second')) controller.abort();
    }
  })();
  appendFileSync(file, pinoLine(new Date().toISOString(), 'second'));
  await reading;
  assert.deepEqual(seen, ['first', 'second']);
});

test('a line states its time as pino JSON (epoch ms or ISO) or as a leading ISO timestamp', () => {
  const at = new Date('2026-11-23T10:00:00.000Z');
  assert.equal(statedTime(`{"level":30,"time":${at.getTime()},"msg":"x"}`)?.toISOString(), at.toISOString());
  assert.equal(statedTime('{"time":"2026-11-23T10:00:00.000Z","msg":"x"}')?.toISOString(), at.toISOString());
  assert.equal(statedTime(gatelinkNote(at, 'cannot start node').trimEnd())?.toISOString(), at.toISOString());
  assert.equal(statedTime('listening on 8080'), undefined);
  assert.equal(statedTime('{"time":"not a time"}'), undefined);
  const lines = timedLines('a\r\n\n{"time":1767225600000}\nb\n', at);
  assert.deepEqual(lines.map((l) => [l.text, l.time.getTime()]), [['a', at.getTime()], ['{"time":1767225600000}', 1767225600000], ['b', 1767225600000]]);
});

test('the last lines of a file tail drop a line cut by where the tail starts', () => {
  assert.deepEqual(lastLinesOf('art of a line\nwhole\r\nlast\n', 5, true), ['whole', 'last']);
  assert.deepEqual(lastLinesOf('first\nsecond\nthird', 2, false), ['second', 'third']);
});

test('--since accepts durations and ISO timestamps, and rejects anything else', () => {
  const now = new Date('2026-01-01T01:00:00Z');
  assert.equal(parseSince('5m', now)?.toISOString(), '2026-01-01T00:55:00.000Z');
  assert.equal(parseSince('2h', now)?.toISOString(), '2025-12-31T23:00:00.000Z');
  assert.equal(parseSince('2026-01-01T00:30:00Z', now)?.toISOString(), '2026-01-01T00:30:00.000Z');
  assert.equal(parseSince('yesterday', now), undefined);
});

test('a file cut by its size bound is read again from its start, with the .1 copy left out', async (t) => {
  const dir = logsDir(t);
  const service = path.join(dir, 'bookService');
  const file = path.join(service, 'aaaa.log');
  appendFileSync(file, pinoLine('2026-01-01T00:00:01Z', 'before the cut'));
  const cursors = new Map<string, LogCursor>();
  assert.equal((await readServiceLogs(service, cursors)).length, 1);
  appendFileSync(`${file}.1`, pinoLine('2026-01-01T00:00:01Z', 'before the cut'));
  truncateSync(file, 0);
  appendFileSync(file, pinoLine('2026-01-01T00:00:02Z', 'after'));
  const next = await readServiceLogs(service, cursors);
  assert.deepEqual(next.map((line) => `${line.taskId}:${JSON.parse(line.text).msg}`), ['aaaa:after']);
});
