/**
 * `npm run bench -- sqs`: SendMessage throughput into gatelink's embedded SQS engine, side by side in
 * one run — through the REST API's AWS integration (`POST /prod/messages` with the API key, the
 * example's VTL templates; fixture bench/fixtures/sqs-integration) and directly against the same
 * engine (a SendMessage loop with @aws-sdk/client-sqs, and the query protocol's form post, which is
 * what the integration sends) — at concurrency 1 and `--connections`. Then the queue's message count
 * must equal the number of acknowledged sends: nothing acknowledged was lost.
 */
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { GetQueueUrlCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'undici';
import type { BenchArgs } from './args.js';
import { benchDir, buildOnce, progress } from './build.js';
import { startGatelink } from './gatelink.js';
import type { Gatelink } from './gatelink.js';
import { sampleBackground } from './proc.js';
import { onCleanup, waitFor } from './processes.js';
import { combine, conservation, formatSqsReport, localApiKey } from './sqs-model.js';
import type { SqsPath, SqsRun } from './sqs-model.js';

const FIXTURE = 'bench/fixtures/sqs-integration';
const STACK = 'SqsBenchStack';
const QUEUE = 'bench';
/** About a hundred bytes of JSON, like the example's messages; the same bytes on every path. */
const BODY = JSON.stringify({ text: 'a message of about a hundred bytes, as the queue-worker example sends', workMs: 0 });

interface QueueCounts { readonly name: string; readonly visible: number; readonly inFlight: number; readonly delayed: number }
interface SqsStatus { readonly endpoints: { readonly sqs?: string }; readonly queues?: readonly QueueCounts[] }

/** One send: true when acknowledged (answered with a message id). */
type Send = () => Promise<boolean>;

export async function benchSqs(args: BenchArgs): Promise<string> {
  buildOnce();
  const dir = benchDir();
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  progress(`starting gatelink on ${FIXTURE} …`);
  const gatelink = await startGatelink({ dataDir, logFile: path.join(dir, 'gatelink.log'), cdkDir: FIXTURE, args: ['--log-level', 'warn'] });
  const status = async () => (await (await fetch(`${gatelink.adminUrl}/v1/status`)).json()) as SqsStatus;
  if (!(await waitFor(async () => (await status()).queues?.some((queue) => queue.name === QUEUE) === true, 120_000, 100))) throw new Error(`gatelink did not serve the ${QUEUE} queue within 120 s (log: ${dir}/gatelink.log)`);
  const sends = await senders(gatelink, await status(), dataDir, args.connections);
  const stored = async () => {
    const queue = (await status()).queues?.find((candidate) => candidate.name === QUEUE);
    return queue ? queue.visible + queue.inFlight + queue.delayed : Number.NaN;
  };
  const before = await stored();
  let acknowledged = 0;
  let failed = 0;
  const runs: SqsRun[] = [];
  for (let round = 1; round <= args.rounds; round += 1) {
    for (const concurrency of [...new Set([1, args.connections])]) {
      for (const [name, send] of Object.entries(sends) as [SqsPath, Send][]) {
        if (args.warmup > 0) {
          const warm = await loop(send, concurrency, args.warmup);
          acknowledged += warm.acknowledged;
          failed += warm.errors;
        }
        progress(`round ${round}: ${name}, concurrency ${concurrency}, ${args.duration} s`);
        const run = await measure(gatelink, name, send, concurrency, args.duration);
        acknowledged += run.acknowledged;
        failed += run.errors;
        runs.push(run);
      }
    }
  }
  const check = conservation(before, await stored(), acknowledged, failed);
  await gatelink.stop();
  const notes = [`${cpus().length} CPU(s), ${args.rounds} round(s) of ${args.duration} s per row after ${args.warmup} s of warm-up; gatelink and the bench share the machine, so the background column says how disturbed a row was`, 'gatelink CPU is the whole gatelink process: the REST API (VTL, API key) and the SQS engine’s thread; the direct rows show what the engine alone costs'];
  const report = formatSqsReport(combine(runs), check, notes);
  if (!check.ok) throw new Error(`${report}\nmessages acknowledged but not in the queue`);
  return report;
}

/** One sender per path, each with enough connections for the highest concurrency. */
async function senders(gatelink: Gatelink, status: SqsStatus, dataDir: string, connections: number): Promise<Record<SqsPath, Send>> {
  const endpoint = status.endpoints.sqs;
  if (!endpoint) throw new Error('/v1/status shows no SQS endpoint');
  const template = JSON.parse(readFileSync(path.join(dataDir, 'cdk.out', `${STACK}.template.json`), 'utf8')) as Parameters<typeof localApiKey>[1];
  const apiKey = localApiKey(STACK, template);
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE }));
  if (!QueueUrl) throw new Error(`no URL for queue ${QUEUE}`);
  const api = new Pool(gatelink.gatewayUrl, { connections });
  const engine = new Pool(endpoint, { connections });
  onCleanup(async () => {
    sqs.destroy();
    await Promise.all([api.close(), engine.close()]);
  });
  const queuePath = new URL(QueueUrl).pathname;
  const form = `Action=SendMessage&MessageBody=${encodeURIComponent(BODY)}`;
  return {
    'rest-api': async () => {
      const response = await api.request({ method: 'POST', path: '/prod/messages', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: BODY });
      const text = await response.body.text();
      return response.statusCode === 202 && text.includes('"messageId"');
    },
    sdk: async () => Boolean((await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: BODY }))).MessageId),
    query: async () => {
      const response = await engine.request({ method: 'POST', path: queuePath, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form });
      const text = await response.body.text();
      return response.statusCode === 200 && text.includes('MessageId');
    },
  };
}

async function measure(gatelink: Gatelink, path: SqsPath, send: Send, concurrency: number, seconds: number): Promise<SqsRun> {
  const background = sampleBackground(() => [gatelink.pid]);
  const cpuBefore = (await gatelink.cpu()).gatelink;
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const { acknowledged, errors } = await loop(send, concurrency, seconds);
  const elapsed = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    path,
    concurrency,
    seconds: elapsed,
    acknowledged,
    errors,
    gatelinkCpu: (await gatelink.cpu()).gatelink - cpuBefore,
    clientCpu: (client.user + client.system) / 1e6,
    backgroundPercent: background.stop(),
  };
}

/** `concurrency` loops, each sending its next message once the last is answered, for `seconds`. */
async function loop(send: Send, concurrency: number, seconds: number): Promise<{ acknowledged: number; errors: number }> {
  const until = performance.now() + seconds * 1000;
  let acknowledged = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const ok = await send().catch(() => false);
        if (ok) acknowledged += 1;
        else errors += 1;
      }
    }),
  );
  return { acknowledged, errors };
}
