/** Which requests are captured: none while no one listens; while someone does, at most CAPTURE_PER_SECOND a second. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPTURE_PER_SECOND, endCapture, gatewayChannel, isCaptured, startCapture } from '../../src/trace/channels.js';

test('no subscriber: nothing is captured; subscribed: the first CAPTURE_PER_SECOND requests of a second are, until their end', () => {
  assert.equal(startCapture('r-none'), false);
  assert.equal(isCaptured('r-none'), false);
  const listener = (): void => undefined;
  gatewayChannel.subscribe(listener);
  try {
    const ids = Array.from({ length: CAPTURE_PER_SECOND + 50 }, (_, i) => `r-${i}`);
    const taken = ids.filter((id) => startCapture(id));
    assert.equal(taken.length, CAPTURE_PER_SECOND, 'a load test is sampled');
    assert.ok(isCaptured('r-0'));
    assert.equal(isCaptured(`r-${CAPTURE_PER_SECOND + 10}`), false);
    for (const id of taken) endCapture(id);
    assert.equal(isCaptured('r-0'), false);
  } finally {
    gatewayChannel.unsubscribe(listener);
  }
});
