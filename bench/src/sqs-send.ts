/**
 * SendMessage throughput of gatelink's embedded SQS engine with the SDK v3 (JSON protocol): a
 * sequential loop (one request at a time, what a simple producer does) and N concurrent loops, each
 * for a fixed time, then the same through the query protocol (form posts, as API Gateway's SQS
 * integration sends). Run: `node --import tsx bench/src/sqs-send.ts [seconds] [concurrency]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import pino from 'pino';
import { startSqs } from '../../packages/gatelink/src/index.js';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);
const dir = mkdtempSync(path.join(tmpdir(), 'bench-sqs-'));
const queue = { id: 'B/q', queueName: 'bench', queueUrl: '', arn: 'arn:aws:sqs:us-east-1:000000000000:bench', fifo: false, contentBasedDeduplication: false, visibilityTimeout: 30, delaySeconds: 0, messageRetentionPeriod: 345_600, receiveMessageWaitTimeSeconds: 0, maximumMessageSize: 1_048_576 };
const engine = await startSqs({ dataDir: dir, queues: [queue], region: 'us-east-1', logger: pino({ level: 'silent' }) });
await engine.ready;
const QueueUrl = `${engine.endpoint}/000000000000/bench`;
const sqs = new SQSClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
const body = JSON.stringify({ text: 'a message of about a hundred bytes, like the example’s', workMs: 0 });

async function run(loops: number, send: () => Promise<unknown>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let sent = 0;
  await Promise.all(Array.from({ length: loops }, async () => {
    while (performance.now() < until) {
      await send();
      sent++;
    }
  }));
  return sent / seconds;
}

const viaSdk = () => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
const viaQuery = async () => {
  const response = await fetch(QueueUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: `Action=SendMessage&MessageBody=${encodeURIComponent(body)}` });
  if (response.status !== 200) throw new Error(`query SendMessage answered ${response.status}`);
  await response.arrayBuffer();
};
await run(1, viaSdk); // warm-up: JIT, SQLite cache
const rows = [
  ['SDK v3 (JSON), sequential', await run(1, viaSdk)],
  [`SDK v3 (JSON), ${concurrency} concurrent`, await run(concurrency, viaSdk)],
  ['query protocol, sequential', await run(1, viaQuery)],
  [`query protocol, ${concurrency} concurrent`, await run(concurrency, viaQuery)],
] as const;
const stored = (await engine.counts())[0]?.visible ?? 0;
for (const [name, rate] of rows) console.log(`${name.padEnd(36)} ${rate.toFixed(0).padStart(6)} msgs/s`);
console.log(`messages stored: ${stored}`);
sqs.destroy();
await engine.close();
rmSync(dir, { recursive: true, force: true });
