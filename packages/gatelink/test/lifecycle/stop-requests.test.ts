/** What stops `gatelink up`: the first signal or the parent's exit starts it, a later distinct one forces it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUPLICATE_WINDOW_MS, listenForStopRequests } from '../../src/lifecycle/stop-requests.js';
import { watchParent } from '../../src/lifecycle/parent-watch.js';

const settled = async <T>(promise: Promise<T>): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(`${signal} requests a stop`, async () => {
    const stop = listenForStopRequests({ watchParent: false });
    try {
      process.emit(signal, signal);
      assert.equal(await settled(stop.requested), signal);
      assert.equal(await settled(stop.forced), 'pending');
    } finally {
      stop.dispose();
    }
  });
}

test('the copy of one Ctrl-C that npm passes on does not force; a second request after the window does', async () => {
  let now = 1_000;
  const stop = listenForStopRequests({ watchParent: false, now: () => now });
  try {
    process.emit('SIGINT', 'SIGINT');
    now += 10;
    process.emit('SIGINT', 'SIGINT'); // npm's forwarded copy
    assert.equal(await settled(stop.forced), 'pending');
    now += DUPLICATE_WINDOW_MS + 1;
    process.emit('SIGTERM', 'SIGTERM');
    assert.equal(await settled(stop.forced), 'SIGTERM');
  } finally {
    stop.dispose();
  }
});

test('dispose removes the handlers', () => {
  const before = process.listenerCount('SIGHUP');
  listenForStopRequests({ watchParent: false }).dispose();
  assert.equal(process.listenerCount('SIGHUP'), before);
});

test('the parent watch fires once the parent pid changes, and never for a process started by init', async () => {
  let parent = 4242;
  let gone = 0;
  const unwatch = watchParent(() => (gone += 1), 5, () => parent);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(gone, 0);
  parent = 1;
  const deadline = Date.now() + 2_000;
  while (gone === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  unwatch();
  assert.equal(gone, 1);
  let orphanCalls = 0;
  watchParent(() => (orphanCalls += 1), 5, () => 1)();
  assert.equal(orphanCalls, 0);
});
