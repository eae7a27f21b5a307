import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { parseBenchArgs } from '../src/args.js';
import { report } from '../src/dataplane.js';
import type { Row } from '../src/dataplane.js';
import { rotation, runLatencyRotations, summarizeLatency } from '../src/latency-rotations.js';

test('each round starts with the next target, so every target runs first, second and last in turn', () => {
  const targets = ['direct', 'gatelink', 'nginx'];
  assert.deepEqual(rotation(targets, 0), ['direct', 'gatelink', 'nginx']);
  assert.deepEqual(rotation(targets, 1), ['gatelink', 'nginx', 'direct']);
  assert.deepEqual(rotation(targets, 2), ['nginx', 'direct', 'gatelink']);
  assert.deepEqual(rotation(targets, 3), targets);
  assert.deepEqual(rotation([], 2), []);
});

test('each proxy’s addition is over the direct run of the same round; the median is of those', () => {
  const summary = summarizeLatency([
    { direct: 2, gatelink: 3.5, nginx: 2.25 },
    { direct: 5, gatelink: 5.5, nginx: 6 },
    { direct: 1, gatelink: 3, nginx: 0.5 },
    { gatelink: 9 }, // no direct run: no addition from this round
    { direct: Number.NaN, gatelink: 1, nginx: 1 },
  ]);
  assert.deepEqual(summary.gatelink, { added: [1.5, 0.5, 2], median: 1.5 });
  assert.deepEqual(summary.nginx, { added: [0.25, 1, -0.5], median: 0.25 });
  assert.deepEqual(summarizeLatency([{ direct: 1, gatelink: 2 }]), { gatelink: { added: [1], median: 1 } }, 'no nginx entry without nginx runs');
});

test('the report gives each proxy’s median addition and every round’s, beside the table’s', () => {
  const rows: Row[] = [];
  const lines = report(rows, parseBenchArgs([]), { upstreams: [] }, [], '', { latency: { gatelink: { added: [1.5, 0.5, 2], median: 1.5 }, nginx: { added: [0.25, 1, -0.5], median: 0.25 } } }).split('\n');
  assert.ok(lines.includes('p99 added by gatelink over direct on /api/books/health at 1,000 req/s, median of 3 rotations × 4 s: +1.50 ms (rounds: +1.50 ms, +0.50 ms, +2.00 ms)'), lines.join('\n'));
  assert.ok(lines.includes('p99 added by nginx over direct on /api/books/health at 1,000 req/s, median of 3 rotations × 4 s: +0.25 ms (rounds: +0.25 ms, +1.00 ms, -0.50 ms)'), lines.join('\n'));
  assert.ok(lines.some((line) => line.startsWith('p99 added by gatelink over direct at 1,000 req/s (the table):')), lines.join('\n'));
  const without = report(rows, parseBenchArgs([]), { upstreams: [] }, []).split('\n');
  assert.ok(!without.some((line) => line.includes('rotations')), 'no rotation lines when the phase did not run');
});

test('flags: --rotations and --rotation-duration', () => {
  assert.equal(parseBenchArgs([]).rotations, 5);
  assert.equal(parseBenchArgs(['--rotations', '0']).rotations, 0);
  assert.equal(parseBenchArgs(['--rotation-duration', '2']).rotationSeconds, 2);
  assert.throws(() => parseBenchArgs(['--rotation-duration', '0']), /--rotation-duration/);
  assert.throws(() => parseBenchArgs(['--rotations', '-1']), /--rotations/);
});

test('a rotation runs every target at the rate, in the rotated order, and records its p99', async () => {
  const order: string[] = [];
  const servers = await Promise.all(
    ['direct', 'gatelink'].map(async (name) => {
      const server = createServer((req, res) => {
        if (order.at(-1) !== name) order.push(name);
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { name: name as 'direct' | 'gatelink', server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    }),
  );
  try {
    const rounds = await runLatencyRotations(servers, { rounds: 2, seconds: 1, rate: 50, connections: 2 });
    assert.equal(rounds.length, 2);
    for (const round of rounds) {
      for (const name of ['direct', 'gatelink'] as const) assert.ok(Number.isFinite(round[name]) && (round[name] as number) > 0, `${name}: ${round[name]}`);
    }
    // Runs of the same target in a row show once: d, g | g, d reads d, g, d (d, g | d, g would read d, g, d, g).
    assert.deepEqual(order, ['direct', 'gatelink', 'direct'], 'the second round starts with the second target');
  } finally {
    for (const { server } of servers) server.close();
  }
});
