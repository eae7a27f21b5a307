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

test('a batch past 64 KB is written at once, and flush() writes what is left', () => {
  const { writes, stream } = recorder();
  const lines = new BatchedLines(stream);
  const long = 'x'.repeat(40 * 1024);
  lines.push(long);
  lines.push(long);
  assert.equal(writes.length, 1);
  assert.equal(writes[0], `${long}\n${long}\n`);
  lines.push('tail');
  lines.flush();
  assert.deepEqual(writes.slice(1), ['tail\n']);
  lines.flush();
  assert.equal(writes.length, 2, 'an empty flush writes nothing');
});
