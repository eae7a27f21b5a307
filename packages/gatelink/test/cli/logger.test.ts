import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { prettyLines } from '../../src/cli/logger.js';

function capture(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}

test('the pretty formatter is loaded on the first line that passes the level, not before', () => {
  const out = capture();
  let loads = 0;
  const logger = pino({ level: 'warn' }, prettyLines(out, {}, () => {
    loads += 1;
    return (line) => `pretty ${JSON.parse(line).msg}\n`;
  }));
  logger.info('below the level');
  assert.equal(loads, 0);
  logger.warn('first');
  logger.error('second');
  assert.equal(loads, 1);
  assert.deepEqual(out.lines, ['pretty first\n', 'pretty second\n']);
});

test('the real formatter is pino-pretty, one line per record', () => {
  const out = capture();
  const logger = pino({ level: 'info' }, prettyLines(out, { colorize: false, ignore: 'pid,hostname', translateTime: false }));
  logger.info({ task: 'abc' }, 'task started');
  assert.equal(out.lines.length, 1);
  assert.match(out.lines[0] ?? '', /INFO.*task started\n {4}task: "abc"\n$/);
});
