import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeMachine } from '../src/machine.js';

test('the machine line names the cores and Node, and the environment that slows every Node start', () => {
  assert.equal(describeMachine({}, 2, 'v20.20.2'), '2 CPUs, node v20.20.2');
  const line = describeMachine({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', NODE_OPTIONS: '--max-old-space-size=512' }, 4, 'v22.11.0');
  assert.match(line, /^4 CPUs, node v22\.11\.0, NODE_EXTRA_CA_CERTS set \(/);
  assert.match(line, /NODE_OPTIONS="--max-old-space-size=512"/);
});
