/**
 * `npm run bench -- nlb`: seed 002's chain (test/e2e/fixtures/nlb-alb) under gatelink — the task
 * directly, NLB → ALB → task through the NLB's host port, HTTP API → VPC link → NLB → ALB → task
 * through the gateway — side by side with nginx doing NLB → ALB as a stream (TCP) proxy in front of an
 * HTTP proxy, when nginx and its stream module are installed (`apt-get install libnginx-mod-stream`).
 * Per target: a warm-up, a fixed-concurrency run (throughput) and a fixed-rate run (latency).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchArgs } from './args.js';
import { benchDir, buildOnce, progress } from './build.js';
import { startGatelink } from './gatelink.js';
import { runLoad } from './load.js';
import type { LoadResult } from './load.js';
import { cpuMicrosPerRequest } from './interleaved.js';
import { findNginx } from './nginx.js';
import { nginxMain, nginxTempPaths } from './nginx-conf.js';
import { runPacedLoad } from './paced-load.js';
import { sampleUsage } from './proc.js';
import { freePort, onCleanup, stopGroup, waitFor } from './processes.js';
import { formatMs, formatRate, formatTable, ratioLine } from './report.js';

const PATH = '/api/health';
const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

interface Measured {
  readonly name: string;
  readonly max: LoadResult;
  readonly rate: LoadResult;
  /** CPU per request of the proxy's process group in the fixed-concurrency run, µs; undefined for the task alone. */
  readonly cpuMicros: number | undefined;
}

export async function benchNlb(args: BenchArgs): Promise<string> {
  buildOnce();
  const dir = benchDir();
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(tmpdir(), 'gatelink-bench-nlb-data');
  rmSync(path.join(dataDir, 'logs'), { recursive: true, force: true });
  progress('starting gatelink on test/e2e/fixtures/nlb-alb …');
  const gatelink = await startGatelink({ dataDir, logFile: path.join(dir, 'gatelink.log'), cdkDir: 'test/e2e/fixtures/nlb-alb', args: ['--no-throttle', '--log-level', 'warn'] });
  await gatelink.healthy(120_000);
  const status = (await (await fetch(`${gatelink.adminUrl}/v1/status`)).json()) as { services: { tasks: { port: number }[] }[]; loadBalancers?: { type: string; listeners: { url?: string }[] }[] };
  const taskPort = status.services[0]?.tasks[0]?.port;
  const nlbUrl = status.loadBalancers?.find((lb) => lb.type === 'network')?.listeners[0]?.url?.replace(/^tcp:/, 'http:');
  if (taskPort === undefined || nlbUrl === undefined) throw new Error('no task or no public NLB listener in /v1/status');
  const targets: [string, string, number | undefined][] = [
    ['task directly', `http://127.0.0.1:${taskPort}`, undefined],
    ['gatelink NLB → ALB → task', nlbUrl, gatelink.pid],
    ['gatelink HTTP API → NLB → ALB → task', gatelink.gatewayUrl, gatelink.pid],
  ];
  const notes: string[] = [];
  const nginx = findNginx();
  if (nginx && existsSync(STREAM_MODULE)) targets.push(['nginx stream → http → task', ...(await startNginxStream(nginx, taskPort))]);
  else notes.push(`nginx with its stream module not installed (${STREAM_MODULE}): apt-get install nginx libnginx-mod-stream to compare`);
  const measured: Measured[] = [];
  for (const [name, base, pgid] of targets) measured.push(await measure(name, `${base}${PATH}`, pgid, args));
  await gatelink.stop();
  return report(measured, args, notes);
}

async function measure(name: string, url: string, pgid: number | undefined, args: BenchArgs): Promise<Measured> {
  if (args.warmup > 0) await runLoad({ url, connections: args.connections, durationSeconds: args.warmup });
  progress(`${name}: ${args.connections} connections × ${args.duration} s, then ${args.rate} req/s × ${args.rateDuration} s`);
  const sampler = pgid === undefined ? undefined : sampleUsage(pgid);
  const max = await runLoad({ url, connections: args.connections, durationSeconds: args.duration });
  const usage = sampler?.stop();
  const rate = await runPacedLoad({ url, connections: args.rateConnections, durationSeconds: args.rateDuration, rate: args.rate });
  return { name, max, rate, cpuMicros: usage ? cpuMicrosPerRequest(usage.cpuPercent, max.rps) : undefined };
}

function report(rows: readonly Measured[], args: BenchArgs, notes: readonly string[]): string {
  const table = formatTable(
    ['target', `req/s (${args.connections} conns)`, 'gw µs/req', 'p50', 'p99', `p50 @ ${formatRate(args.rate)}/s`, `p99 @ ${formatRate(args.rate)}/s`, 'errors'],
    rows.map((row) => [row.name, formatRate(row.max.rps), row.cpuMicros === undefined ? '-' : formatRate(row.cpuMicros), formatMs(row.max.p50), formatMs(row.max.p99), formatMs(row.rate.p50), formatMs(row.rate.p99), String(row.max.errors + row.rate.errors)]),
  );
  const [gatelink, nginx] = [rows.find((row) => row.name === 'gatelink NLB → ALB → task'), rows.find((row) => row.name.startsWith('nginx'))];
  const ratio = gatelink && nginx ? [`${ratioLine('nginx', gatelink.max.rps, nginx.max.rps)} (NLB → ALB → task)`] : [];
  return ['## NLB → ALB (seed 002)', '', `\`GET ${PATH}\` through each path. gw µs/req = CPU per request of the proxy's process group (gatelink: its one process; nginx: master + workers) in the fixed-concurrency run.`, '', table, '', ...notes.map((note) => `- ${note}`), ...ratio, ''].join('\n');
}

/** nginx as the same two hops: a stream (TCP) proxy standing for the NLB in front of an HTTP proxy standing for the ALB. */
async function startNginxStream(binary: string, taskPort: number): Promise<[url: string, pgid: number]> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'gatelink-bench-nginx-stream-'));
  const [nlbPort, albPort] = [await freePort(), await freePort()];
  const conf = [
    `load_module ${STREAM_MODULE};`,
    ...nginxMain(prefix, 'auto'),
    `stream { server { listen 127.0.0.1:${nlbPort}; proxy_pass 127.0.0.1:${albPort}; } }`,
    'http {',
    '  access_log off;',
    ...nginxTempPaths(prefix),
    `  upstream task { server 127.0.0.1:${taskPort}; keepalive 64; }`,
    `  server { listen 127.0.0.1:${albPort}; location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header X-Forwarded-For $remote_addr; proxy_pass http://task; } }`,
    '}',
    '',
  ].join('\n');
  writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const child = spawn(binary, ['-e', path.join(prefix, 'error.log'), '-c', path.join(prefix, 'nginx.conf'), '-p', prefix], { detached: true, stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${binary}`);
  onCleanup(() => stopGroup(pid, 5_000).then(() => rmSync(prefix, { recursive: true, force: true })));
  const url = `http://127.0.0.1:${nlbPort}`;
  if (!(await waitFor(async () => (await fetch(`${url}${PATH}`).catch(() => undefined))?.ok === true, 10_000, 20))) throw new Error('nginx (stream) did not come up');
  return [url, pid];
}
