import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { BatchedLines } from '../../src/runtime/batched-lines.js';

function recorder(): { writes: string[]; stream: Writable } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  return { writes, stream };
}

test('lines pushed together reach the destination in one write, in order', async () => {
  const { writes, stream } = recorder();
  const lines = new BatchedLines(stream);
  lines.push('one');
  lines.push('two');
  assert.deepEqual(writes, [], 'nothing is written per line');
  await new Promise<void>((resolve) => {
    const check = (): void => (writes.length > 0 ? resolve() : void setTimeout(check, 5));
    check();
  });
  assert.deepEqual(writes, ['one\ntwo\n']);
});

test('a full batch is written before the line that would not fit; every write stays within 64 KB, in order', () => {
  const { writes, stream } = recorder();
  const lines = new BatchedLines(stream);
  const all = Array.from({ length: 1500 }, (_, i) => `line ${i} ${'x'.repeat(100)}`);
  for (const line of all) lines.push(line);
  const beforeFlush = writes.length;
  assert.ok(beforeFlush >= 2, `a batch was written as soon as the next line might not fit (${beforeFlush} writes)`);
  lines.flush();
  assert.equal(writes.length, beforeFlush + 1, 'flush() writes what is left');
  for (const chunk of writes) assert.ok(Buffer.byteLength(chunk) <= 64 * 1024);
  assert.equal(writes.join(''), all.map((line) => `${line}\n`).join(''));
  lines.flush();
  assert.equal(writes.length, beforeFlush + 1, 'an empty flush writes nothing');
});

test('a line longer than a batch goes out by itself, after the lines pushed before it', () => {
  const { writes, stream } = recorder();
  const lines = new BatchedLines(stream);
  const long = 'y'.repeat(40 * 1024);
  lines.push('before');
  lines.push(long);
  lines.push('after');
  lines.flush();
  assert.deepEqual(writes, ['before\n', `${long}\n`, 'after\n']);
});

test('lines are written as UTF-8, characters outside ASCII and the BMP included', () => {
  const chunks: Buffer[] = [];
  const lines = new BatchedLines({ write: (chunk: Buffer) => chunks.push(chunk) });
  const text = ['GET /café 200', 'ua: Ünïcødé 😀', 'latin1 \u00ff end'];
  for (const line of text) lines.push(line);
  lines.flush();
  assert.equal(chunks.length, 1);
  assert.equal(Buffer.concat(chunks).toString('utf8'), text.map((line) => `${line}\n`).join(''));
});

test('a batch already written is not overwritten by later lines (the destination may still be writing it)', () => {
  const chunks: Buffer[] = [];
  const lines = new BatchedLines({ write: (chunk: Buffer) => chunks.push(chunk) });
  lines.push('first');
  lines.flush();
  lines.push('second');
  lines.flush();
  assert.deepEqual(chunks.map((chunk) => chunk.toString()), ['first\n', 'second\n']);
});
