/**
 * examples/queue-worker (seed 002) through `gatelink up --cdk-dir examples/queue-worker`, as a user
 * runs it: POST /messages with the API key → SQS → processing-service → DynamoDB, read back through
 * REST API → VPC link → NLB → ALB → api-service within 2 s; 403 without the key; a poison message in
 * the DLQ after 3 receives, shown in /v1/status; a processing task SIGKILLed while it holds a
 * message → processed once after the visibility timeout; kill -9 of the whole tree keeps queued
 * messages.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { allHealthy, eventually, isAlive, repoRoot, startSystem } from './system.js';
import type { RunningSystem } from './system.js';
import { EXAMPLE, apiKeyValue, queueWorkerStatus } from './queue-worker-support.js';

const running: RunningSystem[] = [];
let system: RunningSystem;
let key: string;

async function up(dataDir?: string): Promise<RunningSystem> {
  const started = await startSystem({ args: EXAMPLE, ...(dataDir ? { dataDir } : {}) });
  running.push(started);
  await eventually(async () => allHealthy(await started.status()), 180_000, `every service healthy\n${started.output()}`);
  return started;
}

before(async () => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'ignore' });
  system = await up();
  key = apiKeyValue(system.dataDir);
});
after(async () => {
  for (const target of running) await target.stop().catch(() => undefined);
});

const api = (target = system) => `${target.gateway}/prod`;
const post = (body: unknown, withKey = true, target = system) =>
  fetch(`${api(target)}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(withKey ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) });
const queue = async (match: (name: string) => boolean, target = system) => (await queueWorkerStatus(target.admin)).queues?.find((q) => match(q.name));
const isJobs = (name: string) => name.includes('JobsQueue');
const isDlq = (name: string) => name.includes('JobsDeadLetterQueue');

test('POST /messages with the key → the processed item is readable through GET /items/{id} within 2 s', { timeout: 30_000 }, async () => {
  const response = await post({ text: 'hello queue worker' });
  assert.equal(response.status, 202);
  const { messageId } = (await response.json()) as { messageId: string };
  assert.match(messageId, /^[0-9a-f-]{36}$/);
  const sentAt = Date.now();
  const item = await eventually(async () => {
    const read = await fetch(`${api()}/items/${messageId}`, { headers: { 'x-api-key': key } });
    return read.status === 200 ? ((await read.json()) as { id: string; upper: string }) : undefined;
  }, 2_000, 'the item within 2 s');
  console.log(`# queue-worker: POST → item readable in ${Date.now() - sentAt} ms`);
  assert.equal(item.upper, 'HELLO QUEUE WORKER');
  const page = (await (await fetch(`${api()}/items?limit=10`, { headers: { 'x-api-key': key } })).json()) as { items: { id: string }[] };
  assert.ok(page.items.some((listed) => listed.id === messageId));
});

test('without the API key: 403 Forbidden, and nothing is queued', async () => {
  const before = (await queue(isJobs))?.visible ?? 0;
  const response = await post({ text: 'no key' }, false);
  assert.equal(response.status, 403);
  assert.deepEqual(await response.json(), { message: 'Forbidden' });
  assert.equal((await fetch(`${api()}/items`)).status, 403);
  assert.equal((await queue(isJobs))?.visible ?? 0, before);
});

test('a poison message lands in the DLQ after 3 receives and shows in /v1/status', { timeout: 60_000 }, async () => {
  const before = (await queue(isDlq))?.visible ?? 0;
  const sent = await post({ text: 'x', poison: true });
  assert.equal(sent.status, 202);
  const { messageId } = (await sent.json()) as { messageId: string };
  await eventually(async () => (await queue(isDlq))?.visible === before + 1, 45_000, 'the poison message in the DLQ');
  assert.equal((await queue(isJobs))?.deadLetter?.maxReceiveCount, 3);
  // What `gatelink queues peek` reads: the message kept its id and was received at least 3 times before
  // the move. SQS moves it once its receive count exceeds maxReceiveCount; the count the DLQ copy keeps
  // is not documented (fauxqs counts the receive that moved it: 4).
  const dlq = (await queue(isDlq))?.name ?? '';
  const { messages } = (await (await fetch(`${system.admin}/v1/queues/${encodeURIComponent(dlq)}/messages?limit=100`)).json()) as { messages: { messageId: string; receiveCount: number }[] };
  const moved = messages.find((message) => message.messageId === messageId);
  assert.ok(moved && moved.receiveCount >= 3, `received ${moved?.receiveCount ?? 'never'} times before the DLQ`);
});

test('SIGKILL of the processing task while it holds a message: processed after the visibility timeout, one result', { timeout: 90_000 }, async () => {
  const { messageId } = (await (await post({ text: 'held when killed', workMs: 5000 })).json()) as { messageId: string };
  await eventually(async () => (await queue(isJobs))?.inFlight === 1, 20_000, 'the message in flight');
  const processing = (await queueWorkerStatus(system.admin)).services.find((service) => service.name.includes('Processing'));
  const victim = processing?.tasks[0];
  assert.ok(victim?.pid);
  process.kill(victim.pid, 'SIGKILL');
  const item = await eventually(async () => {
    const read = await fetch(`${api()}/items/${messageId}`, { headers: { 'x-api-key': key } });
    return read.status === 200 ? ((await read.json()) as { receiveCount: number }) : undefined;
  }, 60_000, 'the message processed by the replacement task');
  assert.equal(item.receiveCount, 2, 'one result, written on the second receive');
});

test('kill -9 of the whole tree with messages queued: after restart they are all still there', { timeout: 240_000 }, async () => {
  const processing = (await queueWorkerStatus(system.admin)).services.find((service) => service.name.includes('Processing'));
  assert.ok(processing);
  // Stop consuming first (desired count 0 is not a CLI command: SIGSTOP freezes the worker), then queue.
  for (const task of processing.tasks) process.kill(task.pid, 'SIGSTOP');
  // A frozen worker's long poll that was already waiting still takes a message (as in SQS): it is in
  // flight, not visible, until its visibility timeout, so both counts make the queue's content.
  const held = async () => { const counts = await queue(isJobs); return (counts?.visible ?? 0) + (counts?.inFlight ?? 0); };
  const before = await held();
  for (let i = 0; i < 30; i++) assert.equal((await post({ text: `queued ${i}` })).status, 202);
  const queued = (await held()) - before;
  assert.equal(queued, 30);
  const orphans = (await queueWorkerStatus(system.admin)).services.flatMap((service) => service.tasks.map((task) => task.pid));
  if (system.child.pid) process.kill(-system.child.pid, 'SIGKILL');
  await system.stop('SIGKILL');
  for (const pid of orphans) if (isAlive(pid)) process.kill(pid, 'SIGCONT');
  const second = await up(system.dataDir);
  // Every queued message survived: each ends as exactly one stored result (the table is keyed by message id).
  const texts = await eventually(async () => {
    const { endpoints } = await queueWorkerStatus(second.admin);
    const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const [tableName] = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
    const items = (await dynamodb.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    dynamodb.destroy();
    const found = items.map((item) => item.text?.S ?? '').filter((text) => text.startsWith('queued '));
    return found.length >= queued ? found : undefined;
  }, 60_000, 'every queued message processed after the restart');
  console.log(`# queue-worker: ${texts.length} of ${queued} messages queued before kill -9 processed after restart`);
  assert.deepEqual(new Set(texts).size, queued);
});
