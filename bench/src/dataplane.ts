/**
 * The data-plane bench: the same workload against (a) one book-service task directly, (b) gatelink
 * (HTTP API → VPC link → ALB → task) and (c) nginx as the same two hops, in one run on one machine.
 * Per target and endpoint: a warm-up, a fixed-concurrency run for throughput, and a fixed-rate run
 * for latency, while the gateway's process group is sampled for CPU and RSS.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchArgs } from './args.js';
import { benchDir, buildOnce, progress } from './build.js';
import { startGatelink } from './gatelink.js';
import { describeMachine } from './machine.js';
import { runLoad } from './load.js';
import { runPacedLoad } from './paced-load.js';
import { onCleanup } from './processes.js';
import { taskPids } from './status.js';
import type { LoadResult } from './load.js';
import type { TwoHops } from './model.js';
import { portsFor } from './model.js';
import { findNginx, startNginx } from './nginx.js';
import { sampleBackground, sampleUsage } from './proc.js';
import type { Usage } from './proc.js';
import { addedP99, formatAddedMs, formatMs, formatRate, formatTable, ratioLine, ratioValueLine, spread } from './report.js';
import { cpuMicrosPerRequest, runPairs, summarizePairs } from './interleaved.js';
import type { PairsSummary } from './interleaved.js';
import { runLatencyRotations, summarizeLatency } from './latency-rotations.js';
import type { AddedLatency, LatencySummary } from './latency-rotations.js';
import { twoHopsFromAssembly } from './topology.js';
import { openConsoleStream } from './console-stream.js';
import { runConsolePairs } from './console-pairs.js';

export const ENDPOINTS = ['/api/books/1', '/api/books/health'] as const;
const HEALTH = '/api/books/health';

interface Target {
  readonly name: 'direct' | 'gatelink' | 'nginx';
  readonly url: string;
  /** Process group of the gateway to sample; undefined for the task alone. */
  readonly pgid: number | undefined;
  /** Every process group the bench started (gatelink, its tasks, nginx): the rest is background load. */
  readonly ours: () => readonly number[];
}

export interface Row {
  readonly target: Target['name'];
  readonly endpoint: string;
  readonly mode: 'max' | 'rate';
  readonly load: LoadResult;
  readonly usage: Usage | undefined;
  /** CPU % of processes the bench did not start, during the run. */
  readonly background?: number;
  /** Which of `--rounds` it was measured in (1 when absent). */
  readonly round?: number;
}

export async function benchDataPlane(args: BenchArgs): Promise<string> {
  buildOnce();
  const dir = benchDir();
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const nginxBinary = findNginx();
  const notes: string[] = [];
  const machine = describeMachine();
  if (!nginxBinary) {
    const note = 'nginx not installed — apt-get install nginx to compare; skipping';
    progress(note);
    notes.push(note);
  }
  progress(`starting gatelink (logs in ${dir}) …`);
  // A data dir kept between bench runs: its cached assembly spares a synth when infra is unchanged.
  // Task and access logs grow by tens of MB a run: only the last run's are kept.
  const dataDir = path.join(tmpdir(), 'gatelink-bench-data');
  rmSync(path.join(dataDir, 'logs'), { recursive: true, force: true });
  const gatelink = await startGatelink({ dataDir, logFile: path.join(dir, 'gatelink.log'), args: ['--no-throttle', '--log-level', 'warn'] });
  await gatelink.healthy(120_000);
  if (args.console) {
    const stream = await openConsoleStream(gatelink.adminUrl);
    onCleanup(() => stream.close());
    notes.push('console stream open throughout (--console): every request captured');
  }
  const hops = await twoHopsFromAssembly(path.join(gatelink.dataDir, 'cdk.out'), await gatelink.status());
  const directPort = portsFor(hops, HEALTH)[0];
  if (directPort === undefined) throw new Error(`no healthy task serves ${HEALTH}`);
  const groups = [gatelink.pid, ...taskPids(await gatelink.status())];
  const ours = (): number[] => groups;
  const targets: Target[] = [
    { name: 'direct', url: `http://127.0.0.1:${directPort}`, pgid: undefined, ours },
    { name: 'gatelink', url: gatelink.gatewayUrl, pgid: gatelink.pid, ours },
  ];
  let nginxTarget: { url: string; pgid: number } | undefined;
  if (nginxBinary) {
    const nginx = await startNginx(nginxBinary, hops, { workers: args.nginxWorkers, probePath: HEALTH });
    groups.push(nginx.pid);
    targets.push({ name: 'nginx', url: nginx.gatewayUrl, pgid: nginx.pid, ours });
    nginxTarget = { url: nginx.gatewayUrl, pgid: nginx.pid };
  }
  const rows: Row[] = [];
  for (let round = 1; round <= args.rounds; round++) {
    if (args.rounds > 1) progress(`round ${round}/${args.rounds}`);
    for (const target of targets) {
      for (const endpoint of ENDPOINTS) rows.push(...(await measure(target, endpoint, args, round)));
    }
  }
  let pairs: PairsSummary | undefined;
  if (nginxTarget && args.pairs > 0) {
    progress(`gatelink and nginx alternating on ${HEALTH}: ${args.pairs} pairs × ${args.pairSeconds} s each`);
    const measured = await runPairs(
      { name: 'gatelink', url: `${gatelink.gatewayUrl}${HEALTH}`, pgid: gatelink.pid },
      { name: 'nginx', url: `${nginxTarget.url}${HEALTH}`, pgid: nginxTarget.pgid },
      { pairs: args.pairs, seconds: args.pairSeconds, connections: args.connections },
    );
    pairs = summarizePairs(measured);
  }
  let latency: LatencySummary | undefined;
  if (args.rotations > 0) {
    progress(`${targets.map((target) => target.name).join(', ')} taking turns at ${formatRate(args.rate)} req/s on ${HEALTH}: ${args.rotations} rounds × ${args.rotationSeconds} s each`);
    const rates = targets.map((target) => ({ name: target.name, url: `${target.url}${HEALTH}` }));
    latency = summarizeLatency(await runLatencyRotations(rates, { rounds: args.rotations, seconds: args.rotationSeconds, rate: args.rate, connections: args.rateConnections }));
  }
  const consoleLines: string[] = [];
  if (args.consolePairs > 0) {
    progress(`gatelink with the console stream closed and open in turn: ${args.consolePairs} pairs × ${args.pairSeconds} s each`);
    consoleLines.push(...(await runConsolePairs({ url: `${gatelink.gatewayUrl}${HEALTH}`, adminUrl: gatelink.adminUrl, pgid: gatelink.pid }, { pairs: args.consolePairs, seconds: args.pairSeconds, connections: args.connections })));
  }
  return [report(rows, args, hops, notes, machine, { pairs, latency }), ...consoleLines].join('\n');
}

/** What the phases after the matrix measured, when they ran. */
export interface Closing {
  readonly pairs?: PairsSummary | undefined;
  readonly latency?: LatencySummary | undefined;
}

async function measure(target: Target, endpoint: string, args: BenchArgs, round: number): Promise<Row[]> {
  const url = `${target.url}${endpoint}`;
  if (args.warmup > 0) await runLoad({ url, connections: args.connections, durationSeconds: args.warmup });
  progress(`${target.name} ${endpoint}: ${args.connections} connections × ${args.duration} s, then ${args.rate} req/s × ${args.rateDuration} s`);
  const sampled = async (mode: Row['mode'], run: () => Promise<LoadResult>): Promise<Row> => {
    const sampler = target.pgid === undefined ? undefined : sampleUsage(target.pgid);
    const background = sampleBackground(target.ours);
    const load = await run();
    return { target: target.name, endpoint, mode, load, usage: sampler?.stop(), background: background.stop(), round };
  };
  return [
    await sampled('max', () => runLoad({ url, connections: args.connections, durationSeconds: args.duration })),
    await sampled('rate', () => runPacedLoad({ url, connections: args.rateConnections, durationSeconds: args.rateDuration, rate: args.rate })),
  ];
}

/** Per target, endpoint and load, the round during which other processes used the least CPU. */
export function leastDisturbed(rows: readonly Row[]): Row[] {
  const best = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.target} ${row.endpoint} ${row.mode}`;
    const seen = best.get(key);
    if (!seen || (row.background ?? 0) < (seen.background ?? 0)) best.set(key, row);
  }
  return [...best.values()];
}

/**
 * The table (each cell from the round with the least background CPU), the p99 gatelink adds over
 * direct at the fixed rate, and the throughput ratio as the last line: with several rounds, the
 * median of each round's own ratio, since the two were measured minutes apart at most.
 */
export function report(allRows: readonly Row[], args: BenchArgs, hops: Pick<TwoHops, 'upstreams' | 'accessLogFormat'>, notes: readonly string[], machine = '', closing: Closing = {}): string {
  const { pairs, latency } = closing;
  const rows = leastDisturbed(allRows);
  const header = ['target', 'endpoint', 'load', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'gw CPU %', 'gw µs/req', 'gw RSS MB', 'bg CPU %'];
  const ordered = [...rows].sort((a, b) => a.mode.localeCompare(b.mode) || a.endpoint.localeCompare(b.endpoint));
  const table = formatTable(
    header,
    ordered.map((row) => [
      row.target,
      row.endpoint,
      row.mode === 'max' ? `${args.connections} conn` : `${formatRate(args.rate)}/s`,
      formatRate(row.load.rps),
      formatMs(row.load.p50),
      formatMs(row.load.p99),
      String(row.load.errors),
      row.usage ? row.usage.cpuPercent.toFixed(0) : '-',
      row.usage ? formatRate(cpuMicrosPerRequest(row.usage.cpuPercent, row.load.rps)) : '-',
      row.usage ? row.usage.rssMb.toFixed(0) : '-',
      row.background === undefined ? '-' : row.background.toFixed(0),
    ]),
  );
  const find = (target: Row['target'], endpoint: string, mode: Row['mode']): Row | undefined =>
    rows.find((row) => row.target === target && row.endpoint === endpoint && row.mode === mode);
  const addedBy = (proxy: Row['target']): string[] =>
    ENDPOINTS.map((endpoint) => {
      const [through, direct] = [find(proxy, endpoint, 'rate'), find('direct', endpoint, 'rate')];
      return through && direct ? `${endpoint} ${addedP99(through.load.p99, direct.load.p99)}` : `${endpoint} n/a`;
    });
  const gatelinkHealth = find('gatelink', HEALTH, 'max')?.load.rps ?? Number.NaN;
  const nginxHealth = find('nginx', HEALTH, 'max');
  const directHealth = find('direct', HEALTH, 'max')?.load.rps ?? Number.NaN;
  const byRound = nginxHealth ? roundRatios(allRows) : [];
  const background = Math.max(0, ...rows.map((row) => row.background ?? 0));
  const tasks = hops.upstreams.map((upstream) => `${upstream.name}: ${upstream.ports.length} task(s)`).join(', ');
  const lastLine = (): string => {
    if (!nginxHealth) return ratioLine('direct', gatelinkHealth, directHealth);
    if (pairs && pairs.ratios.length > 0) return ratioValueLine('nginx', pairs.medianRatio);
    if (byRound.length > 1) return ratioValueLine('nginx', spread(byRound).median);
    return ratioLine('nginx', gatelinkHealth, nginxHealth.load.rps);
  };
  return [
    '',
    `Data plane, keep-alive; 'N conn' = fixed concurrency for ${args.duration} s, 'R/s' = fixed rate for ${args.rateDuration} s over ${args.rateConnections} connections.`,
    ...(args.rounds > 1 ? [`${args.rounds} rounds; each row is the round with the least background CPU.`] : []),
    `req/s and latency count 2xx only; errors = non-2xx + socket errors. gw = the gateway's processes (gatelink: its one process; nginx: master + workers); gw µs/req = their CPU per request, steadier than req/s on a busy VM.`,
    `gatelink and nginx balance over every healthy task of the target group (${tasks}); direct is one task.`,
    ...(hops.accessLogFormat !== undefined ? ["The stage writes access logs: gatelink writes its format's line per request, and nginx the same line (its nearest variables)."] : []),
    ...(machine ? [`Machine: ${machine}.`] : []),
    `bg = CPU of processes the bench did not start, during the run (100 = one core); highest: ${background.toFixed(0)}%${background > 10 ? ' — the machine was not idle: those rows are disturbed' : ''}.`,
    '',
    table,
    '',
    `p99 added by gatelink over direct at ${formatRate(args.rate)} req/s${latency ? ' (the table)' : ''}: ${addedBy('gatelink').join(', ')}`,
    // The peer's own addition says how much of gatelink's is the machine (scheduling, wake-ups).
    ...(nginxHealth ? [`p99 added by nginx over direct at ${formatRate(args.rate)} req/s${latency ? ' (the table)' : ''}: ${addedBy('nginx').join(', ')}`] : []),
    ...(latency ? rotationLines(latency, args) : []),
    ...(nginxHealth ? [`${ratioLine('direct', gatelinkHealth, directHealth)} (${HEALTH})`] : []),
    ...(byRound.length > 1 ? [`gatelink/nginx throughput ratio by round (${HEALTH}): ${byRound.map((ratio) => ratio.toFixed(2)).join(', ')}`] : []),
    ...(pairs && pairs.ratios.length > 0 ? pairLines(pairs, args) : []),
    ...notes,
    lastLine(),
  ].join('\n');
}

/** gatelink/nginx req/s on the health endpoint at full concurrency, per round that measured both. */
export function roundRatios(rows: readonly Row[]): number[] {
  const rps = (target: Row['target'], round: number): number | undefined =>
    rows.find((row) => row.target === target && row.endpoint === HEALTH && row.mode === 'max' && (row.round ?? 1) === round)?.load.rps;
  const rounds = [...new Set(rows.map((row) => row.round ?? 1))].sort((a, b) => a - b);
  return rounds.flatMap((round) => {
    const [gatelink, nginx] = [rps('gatelink', round), rps('nginx', round)];
    return gatelink !== undefined && nginx !== undefined && nginx > 0 ? [gatelink / nginx] : [];
  });
}

/** The rotations: each proxy's median addition over direct, then every round's. */
export function rotationLines(latency: LatencySummary, args: BenchArgs): string[] {
  const line = (proxy: string, added: AddedLatency): string =>
    `p99 added by ${proxy} over direct on ${HEALTH} at ${formatRate(args.rate)} req/s, median of ${added.added.length} rotations × ${args.rotationSeconds} s: ${formatAddedMs(added.median)} (rounds: ${added.added.map(formatAddedMs).join(', ')})`;
  return [...(latency.gatelink ? [line('gatelink', latency.gatelink)] : []), ...(latency.nginx ? [line('nginx', latency.nginx)] : [])];
}

/** The alternating pairs: each pair's ratio, and the median CPU per request of both proxies. */
function pairLines(pairs: PairsSummary, args: BenchArgs): string[] {
  const micros = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} µs` : '-');
  return [
    `gatelink/nginx alternating on ${HEALTH} (${pairs.ratios.length} pairs × ${args.pairSeconds} s, ${args.connections} connections; the last line is their median): ${pairs.ratios.map((ratio) => ratio.toFixed(2)).join(', ')}`,
    `gateway CPU per request in those runs, median: gatelink ${micros(pairs.medianCpuMicros.gatelink)}, nginx ${micros(pairs.medianCpuMicros.nginx)}`,
  ];
}
