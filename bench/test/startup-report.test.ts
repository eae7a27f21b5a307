import assert from 'node:assert/strict';
import { test } from 'node:test';
import { report } from '../src/startup.js';
import type { Timing } from '../src/startup.js';

const timing = (startMs: number, gatelink: number, tasks: number): Timing => ({ startMs, stopMs: 100, cpu: { gatelink, tasks } });

test('the startup report shows the CPU used until healthy and how busy the cores were', () => {
  const warm = [timing(1_000, 0.5, 1.1), timing(1_200, 0.6, 1.2), timing(1_100, 0.7, 1.3)];
  const lines = report([timing(11_000, 3, 1)], warm, 3, 2).split('\n');
  assert.ok(lines.some((line) => /^warm: CPU s of gatelink \(all threads\) until healthy\s+0\.50\s+0\.60\s+0\.70$/.test(line)), lines.join('\n'));
  assert.ok(lines.some((line) => /^warm: CPU s of the tasks together until healthy\s+1\.10\s+1\.20\s+1\.30$/.test(line)));
  // Per run: 1.6/(1.0×2) = 80 %, 1.8/(1.2×2) = 75 %, 2.0/(1.1×2) ≈ 91 %; the median is 80 %.
  assert.equal(lines.at(-1), 'warm start used 80 % of 2 cores from spawn to healthy (median): 1.80 CPU s in 1.10 s');
});
