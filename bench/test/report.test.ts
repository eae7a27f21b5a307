import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBenchArgs } from '../src/args.js';
import { leastDisturbed, report, roundRatios } from '../src/dataplane.js';
import { cpuMicrosPerRequest, summarizePairs } from '../src/interleaved.js';
import type { Row } from '../src/dataplane.js';
import { addedP99, formatTable, percentile, ratioLine, spread } from '../src/report.js';

test('percentile is nearest-rank; spread is min/median/max', () => {
  const values = Float64Array.from([5, 1, 4, 2, 3]).sort();
  assert.equal(percentile(values, 50), 3);
  assert.equal(percentile(values, 99), 5);
  assert.equal(percentile(values, 0), 1);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.deepEqual(spread([3.2, 0.9, 1.1]), { min: 0.9, median: 1.1, max: 3.2 });
});

test('the ratio line and the added p99', () => {
  assert.equal(ratioLine('nginx', 9_000, 10_000), 'gatelink/nginx throughput ratio: 0.90');
  assert.equal(ratioLine('direct', 1, 0), 'gatelink/direct throughput ratio: n/a');
  assert.equal(addedP99(1.75, 1.25), '+0.50 ms');
  assert.equal(addedP99(1.0, 1.25), '-0.25 ms');
});

test('tables align columns, numbers to the right', () => {
  assert.equal(formatTable(['target', 'req/s'], [['direct', '12,000'], ['nginx', '900']]), ['target  req/s', '------  ------', 'direct  12,000', 'nginx      900'].join('\n'));
});

const row = (target: Row['target'], endpoint: string, mode: Row['mode'], rps: number, p99: number): Row => ({
  target,
  endpoint,
  mode,
  load: { rps, p50: p99 / 2, p99, errors: 0, responses: rps },
  usage: target === 'direct' ? undefined : { cpuPercent: 95, rssMb: 80 },
});
const hops = { upstreams: [{ name: 'books', ports: [1, 2] }] };
const args = parseBenchArgs([]);

test('the data-plane report ends with the gatelink/nginx ratio for the health endpoint', () => {
  const rows = ['direct', 'gatelink', 'nginx'].flatMap((target, i) =>
    ['/api/books/1', '/api/books/health'].flatMap((endpoint) => [row(target as Row['target'], endpoint, 'max', 10_000 - i * 1_000, 2 + i), row(target as Row['target'], endpoint, 'rate', 1_000, 1 + i)]),
  );
  const lines = report(rows, args, hops, []).split('\n');
  assert.equal(lines.at(-1), 'gatelink/nginx throughput ratio: 1.13');
  assert.ok(lines.includes('p99 added by gatelink over direct at 1,000 req/s: /api/books/1 +1.00 ms, /api/books/health +1.00 ms'));
  assert.ok(lines.includes('p99 added by nginx over direct at 1,000 req/s: /api/books/1 +2.00 ms, /api/books/health +2.00 ms'), 'the peer’s addition for comparison');
  // 95 % of a core at 9,000 req/s: 106 µs of CPU per request.
  assert.ok(lines.some((line) => /^gatelink\s+\/api\/books\/health\s+32 conn\s+9,000\s+1\.50\s+3\.00\s+0\s+95\s+106\s+80\s+-$/.test(line)), lines.join('\n'));
});

test('the report says when both gateways write the stage’s access log, and not otherwise', () => {
  const rows = ['direct', 'gatelink', 'nginx'].map((target) => row(target as Row['target'], '/api/books/health', 'max', 9_000, 2));
  const said = (lines: string): boolean => lines.includes('nginx the same line');
  assert.ok(said(report(rows, args, { ...hops, accessLogFormat: '{"id":"$context.requestId"}' }, [])));
  assert.ok(!said(report(rows, args, hops, [])));
});

test('without nginx: a note, then the gatelink/direct ratio last', () => {
  const rows = ['direct', 'gatelink'].flatMap((target, i) => [row(target as Row['target'], '/api/books/health', 'max', 10_000 - i * 5_000, 2)]);
  const lines = report(rows, args, hops, ['nginx not installed — apt-get install nginx to compare; skipping']).split('\n');
  assert.deepEqual(lines.slice(-2), ['nginx not installed — apt-get install nginx to compare; skipping', 'gatelink/direct throughput ratio: 0.50']);
  assert.ok(!lines.some((line) => line.startsWith('p99 added by nginx')), 'no nginx line without nginx rows');
});

test('flags: defaults, startup mode, and mistakes rejected', () => {
  assert.equal(args.mode, 'dataplane');
  assert.equal(args.connections, 32);
  assert.equal(args.rate, 1_000);
  assert.equal(parseBenchArgs(['startup', '--runs', '5']).runs, 5);
  assert.throws(() => parseBenchArgs(['--connections', '0']), /--connections/);
  assert.throws(() => parseBenchArgs(['bogus']), /unknown mode/);
  assert.throws(() => parseBenchArgs(['--nginx-workers', 'many']), /--nginx-workers/);
});

test('rounds: each cell keeps the round with the least background CPU', () => {
  const quiet = { ...row('gatelink', '/api/books/health', 'max', 900, 2), background: 3 };
  const busy = { ...row('gatelink', '/api/books/health', 'max', 500, 9), background: 80 };
  const other = row('nginx', '/api/books/health', 'max', 1_000, 2);
  assert.deepEqual(leastDisturbed([busy, other, quiet]), [quiet, other]);
});

test('CPU per request: a core busy for the whole run at 10,000 req/s is 100 µs each; no requests, no figure', () => {
  assert.equal(cpuMicrosPerRequest(100, 10_000), 100);
  assert.equal(cpuMicrosPerRequest(50, 2_500), 200);
  assert.ok(Number.isNaN(cpuMicrosPerRequest(80, 0)));
});

test('rounds: each round has its own gatelink/nginx ratio, and the last line is their median', () => {
  const health = (target: Row['target'], rps: number, round: number): Row => ({ ...row(target, '/api/books/health', 'max', rps, 2), round });
  const rows = [
    ...[1, 2, 3].map((round) => health('direct', 20_000, round)),
    health('gatelink', 8_000, 1),
    health('nginx', 10_000, 1),
    health('gatelink', 10_000, 2),
    health('nginx', 10_000, 2),
    health('gatelink', 9_000, 3),
    health('nginx', 10_000, 3),
  ];
  assert.deepEqual(roundRatios(rows), [0.8, 1, 0.9]);
  const lines = report(rows, parseBenchArgs(['--rounds', '3']), hops, []).split('\n');
  assert.ok(lines.includes('gatelink/nginx throughput ratio by round (/api/books/health): 0.80, 1.00, 0.90'), lines.join('\n'));
  assert.equal(lines.at(-1), 'gatelink/nginx throughput ratio: 0.90', 'the median, not the first round’s 0.80');
  assert.deepEqual(roundRatios([health('gatelink', 9_000, 1)]), [], 'no ratio for a round without nginx');
});

test('alternating pairs: each pair gives a ratio; the last line is their median, ahead of the matrix and the rounds', () => {
  const pair = (gatelink: number, nginx: number, gatelinkMicros: number, nginxMicros: number) => ({ gatelink: { rps: gatelink, cpuMicros: gatelinkMicros }, nginx: { rps: nginx, cpuMicros: nginxMicros } });
  const summary = summarizePairs([pair(9_000, 10_000, 95, 70), pair(11_000, 10_000, 90, 66), pair(8_000, 10_000, 100, 68), pair(5_000, 0, 1, 1)]);
  assert.deepEqual(summary.ratios, [0.9, 1.1, 0.8], 'a pair whose nginx run served nothing has no ratio');
  assert.equal(summary.medianRatio, 0.9);
  assert.deepEqual(summary.medianCpuMicros, { gatelink: 90, nginx: 66 });
  const rows = ['direct', 'gatelink', 'nginx'].map((target, i) => row(target as Row['target'], '/api/books/health', 'max', 10_000 - i * 1_000, 2));
  const lines = report(rows, parseBenchArgs([]), hops, [], '', { pairs: summary }).split('\n');
  assert.equal(lines.at(-1), 'gatelink/nginx throughput ratio: 0.90', 'not the matrix’s 9,000/8,000');
  assert.ok(lines.some((line) => line.startsWith('gatelink/nginx alternating on /api/books/health (3 pairs × 3 s, 32 connections') && line.endsWith(': 0.90, 1.10, 0.80')), lines.join('\n'));
  assert.ok(lines.includes('gateway CPU per request in those runs, median: gatelink 90 µs, nginx 66 µs'));
});

test('flags: --pairs and --pair-duration', () => {
  assert.equal(args.pairs, 6);
  assert.equal(args.pairSeconds, 3);
  assert.equal(parseBenchArgs(['--pairs', '0']).pairs, 0);
  assert.equal(parseBenchArgs(['--pair-duration', '5']).pairSeconds, 5);
  assert.throws(() => parseBenchArgs(['--pair-duration', '0']), /--pair-duration/);
});
