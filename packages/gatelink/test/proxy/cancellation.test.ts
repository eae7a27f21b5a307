import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cancellation } from '../../src/proxy/cancellation.js';

test('abort calls each listener once, with the reason in place, and only the first abort counts', () => {
  const cancellation = new Cancellation();
  const calls: string[] = [];
  cancellation.addEventListener('abort', () => calls.push(`a:${String(cancellation.reason)}`));
  const removed = (): number => calls.push('removed');
  cancellation.addEventListener('abort', removed);
  cancellation.addEventListener('abort', () => calls.push('b'));
  cancellation.removeEventListener('abort', removed);
  assert.equal(cancellation.aborted, false);
  cancellation.abort(new Error('client gone'));
  cancellation.abort(new Error('timeout'));
  assert.equal(cancellation.aborted, true);
  assert.deepEqual(calls, ['a:Error: client gone', 'b']);
  assert.equal(cancellation.reason?.message, 'client gone');
});

test('a listener added after the abort is not called, as with AbortSignal', () => {
  const cancellation = new Cancellation();
  cancellation.abort(new Error('gone'));
  let called = false;
  cancellation.addEventListener('abort', () => (called = true));
  assert.equal(called, false);
});

test('listeners keep the order they were added in, whichever of them were removed', () => {
  const cancellation = new Cancellation();
  const calls: string[] = [];
  const a = (): number => calls.push('a');
  const b = (): number => calls.push('b');
  cancellation.addEventListener('abort', a);
  cancellation.addEventListener('abort', b);
  cancellation.removeEventListener('abort', a);
  cancellation.addEventListener('abort', () => calls.push('c'));
  const only = new Cancellation();
  const never = (): number => calls.push('never');
  only.addEventListener('abort', never);
  only.removeEventListener('abort', never);
  only.abort(new Error('gone'));
  cancellation.abort(new Error('gone'));
  assert.deepEqual(calls, ['b', 'c']);
});
