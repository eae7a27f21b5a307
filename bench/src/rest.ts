/**
 * `npm run bench -- rest`: a REST API private integration (bench/fixtures/rest-nlb-alb) — REST API
 * stage → v1 VPC link → NLB → ALB → one task — under gatelink, side by side with the task directly and
 * with nginx doing the same hops (HTTP → stream → HTTP → task, ./nginx-rest-conf.ts) when nginx and
 * its stream module are installed. Per target: a warm-up, a fixed-concurrency run (throughput, and the
 * gateway's CPU per request) and a fixed-rate run (latency).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchArgs } from './args.js';
import { benchDir, buildOnce, progress } from './build.js';
import { startGatelink } from './gatelink.js';
import { cpuMicrosPerRequest } from './interleaved.js';
import { runLoad } from './load.js';
import type { LoadResult } from './load.js';
import { findNginx } from './nginx.js';
import { nginxRestConf } from './nginx-rest-conf.js';
import { runPacedLoad } from './paced-load.js';
import { sampleUsage } from './proc.js';
import { freePort, onCleanup, stopGroup, waitFor } from './processes.js';
import { formatMs, formatRate, formatTable, ratioLine } from './report.js';

const STAGE = 'prod';
const RESOURCE = '/api/';
const PATH = '/api/health';
const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

interface Target {
  readonly name: string;
  readonly url: string;
  /** The gateway's process group, sampled for CPU; undefined for the task alone. */
  readonly pgid: number | undefined;
}

export interface RestMeasured {
  readonly name: string;
  readonly max: LoadResult;
  readonly rate: LoadResult;
  /** The gateway's CPU per request during the fixed-concurrency run, µs. */
  readonly cpuMicros: number | undefined;
}

export async function benchRest(args: BenchArgs): Promise<string> {
  buildOnce();
  const dir = benchDir();
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(tmpdir(), 'gatelink-bench-rest-data');
  rmSync(path.join(dataDir, 'logs'), { recursive: true, force: true });
  progress('starting gatelink on bench/fixtures/rest-nlb-alb …');
  const gatelink = await startGatelink({ dataDir, logFile: path.join(dir, 'gatelink.log'), cdkDir: 'bench/fixtures/rest-nlb-alb', args: ['--no-throttle', '--log-level', 'warn'] });
  await gatelink.healthy(120_000);
  const status = (await (await fetch(`${gatelink.adminUrl}/v1/status`)).json()) as { services: { tasks: { port: number }[] }[] };
  const taskPort = status.services[0]?.tasks[0]?.port;
  if (taskPort === undefined) throw new Error('no task in /v1/status');
  const targets: Target[] = [
    { name: 'task directly', url: `http://127.0.0.1:${taskPort}${PATH}`, pgid: undefined },
    { name: 'gatelink REST API → VPC link → NLB → ALB → task', url: `${gatelink.gatewayUrl}/${STAGE}${PATH}`, pgid: gatelink.pid },
  ];
  const notes: string[] = [];
  const nginx = findNginx();
  if (nginx && existsSync(STREAM_MODULE)) {
    const started = await startNginxRest(nginx, taskPort, args.nginxWorkers);
    targets.push({ name: 'nginx http → stream → http → task', url: `${started.url}/${STAGE}${PATH}`, pgid: started.pid });
  } else notes.push(`nginx with its stream module not installed (${STREAM_MODULE}): apt-get install nginx libnginx-mod-stream to compare`);
  const measured: RestMeasured[] = [];
  for (const target of targets) measured.push(await measure(target, args));
  await gatelink.stop();
  return restReport(measured, args, notes);
}

async function measure(target: Target, args: BenchArgs): Promise<RestMeasured> {
  if (args.warmup > 0) await runLoad({ url: target.url, connections: args.connections, durationSeconds: args.warmup });
  progress(`${target.name}: ${args.connections} connections × ${args.duration} s, then ${args.rate} req/s × ${args.rateDuration} s`);
  const sampler = target.pgid === undefined ? undefined : sampleUsage(target.pgid);
  const max = await runLoad({ url: target.url, connections: args.connections, durationSeconds: args.duration });
  const usage = sampler?.stop();
  const rate = await runPacedLoad({ url: target.url, connections: args.rateConnections, durationSeconds: args.rateDuration, rate: args.rate });
  return { name: target.name, max, rate, cpuMicros: usage ? cpuMicrosPerRequest(usage.cpuPercent, max.rps) : undefined };
}

/** The table, then gatelink's throughput over nginx's (rows named `gatelink …` and `nginx …`). */
export function restReport(rows: readonly RestMeasured[], args: Pick<BenchArgs, 'connections' | 'rate'>, notes: readonly string[]): string {
  const table = formatTable(
    ['target', `req/s (${args.connections} conns)`, 'gw µs/req', 'p50', 'p99', `p50 @ ${formatRate(args.rate)}/s`, `p99 @ ${formatRate(args.rate)}/s`, 'errors'],
    rows.map((row) => [row.name, formatRate(row.max.rps), row.cpuMicros === undefined ? '-' : formatRate(row.cpuMicros), formatMs(row.max.p50), formatMs(row.max.p99), formatMs(row.rate.p50), formatMs(row.rate.p99), String(row.max.errors + row.rate.errors)]),
  );
  const gatelink = rows.find((row) => row.name.startsWith('gatelink'));
  const nginx = rows.find((row) => row.name.startsWith('nginx'));
  return [
    '## REST API → VPC link → NLB → ALB',
    '',
    `\`GET /${STAGE}${PATH}\` through each path (the task directly: \`GET ${PATH}\`). gw µs/req = the gateway process group's CPU per request in the fixed-concurrency run.`,
    '',
    table,
    '',
    ...notes.map((note) => `- ${note}`),
    ...(gatelink && nginx ? [ratioLine('nginx', gatelink.max.rps, nginx.max.rps)] : []),
    '',
  ].join('\n');
}

async function startNginxRest(binary: string, taskPort: number, workers: string): Promise<{ url: string; pid: number }> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'gatelink-bench-nginx-rest-'));
  chmodSync(prefix, 0o755);
  const [gatewayPort, nlbPort, albPort] = [await freePort(), await freePort(), await freePort()];
  const conf = nginxRestConf({ prefix, streamModule: STREAM_MODULE, gatewayPort, nlbPort, albPort, taskPort, stage: STAGE, resourcePrefix: RESOURCE, workers });
  writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const child = spawn(binary, ['-e', path.join(prefix, 'error.log'), '-c', path.join(prefix, 'nginx.conf'), '-p', prefix], { detached: true, stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${binary}`);
  onCleanup(() => stopGroup(pid, 5_000).then(() => rmSync(prefix, { recursive: true, force: true })));
  const url = `http://127.0.0.1:${gatewayPort}`;
  if (!(await waitFor(async () => (await fetch(`${url}/${STAGE}${PATH}`).catch(() => undefined))?.ok === true, 10_000, 20))) throw new Error('nginx (REST hops) did not come up');
  return { url, pid };
}
