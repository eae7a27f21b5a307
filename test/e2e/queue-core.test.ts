/**
 * What examples/queue-worker proves without a REST API or an NLB, through `gatelink up` on a CDK
 * app of its queue, table and processing-service (test/e2e/fixtures/queue-core): messages are
 * processed once each; a poison message lands in the DLQ after 3 receives and shows in /v1/status;
 * a processing task SIGKILLed while it holds a message leaves it to be processed after its
 * visibility timeout, exactly once; a kill -9 of the whole tree keeps every queued message.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { allHealthy, eventually, isAlive, repoRoot, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

interface QueueStatus { name: string; visible: number; inFlight: number; delayed: number; deadLetter?: { queue: string; maxReceiveCount: number } }
interface Status { endpoints: { sqs?: string; dynamodb?: string }; queues?: QueueStatus[]; services: { name: string; tasks: { id: string; pid: number }[] }[] }

const APP = ['--cdk-dir', 'test/e2e/fixtures/queue-core'];
const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
const running: RunningSystem[] = [];
let system: RunningSystem;

async function up(dataDir?: string): Promise<RunningSystem> {
  const started = await startSystem({ args: APP, ...(dataDir ? { dataDir } : {}) });
  running.push(started);
  await eventually(async () => allHealthy(await started.status()), 120_000, `processing-service running\n${started.output()}`);
  return started;
}
const status = async (target = system) => (await (await fetch(`${target.admin}/v1/status`)).json()) as Status;
const queue = async (name: (n: string) => boolean, target = system) => (await status(target)).queues?.find((q) => name(q.name));
const isJobs = (n: string) => n.includes('JobsQueue');
const isDlq = (n: string) => n.includes('JobsDeadLetterQueue');

before(async () => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'ignore' });
  system = await up();
});
after(async () => {
  for (const target of running) await target.stop().catch(() => undefined);
});

async function clients(target = system) {
  const { endpoints } = await status(target);
  assert.ok(endpoints.sqs && endpoints.dynamodb, 'the engines’ endpoints are in /v1/status');
  const region = 'us-east-1';
  return { sqs: new SQSClient({ endpoint: endpoints.sqs, region, credentials }), dynamodb: new DynamoDBClient({ endpoint: endpoints.dynamodb, region, credentials }), endpoint: endpoints.sqs };
}
async function results(dynamodb: DynamoDBClient): Promise<Record<string, { receiveCount: number }>> {
  const [tableName] = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
  const items = (await dynamodb.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
  return Object.fromEntries(items.map((item) => [item.id?.S ?? '', { receiveCount: Number(item.receiveCount?.N) }]));
}
const jobsUrl = (endpoint: string, name: string) => `${endpoint}/000000000000/${name}`;

test('/v1/status lists the queues with their counts and dead-letter queue; messages are processed once each', { timeout: 60_000 }, async () => {
  const jobs = await queue(isJobs);
  assert.deepEqual(jobs?.deadLetter?.maxReceiveCount, 3);
  assert.ok(jobs?.deadLetter && isDlq(jobs.deadLetter.queue));
  const { sqs, dynamodb, endpoint } = await clients();
  const url = jobsUrl(endpoint ?? '', jobs?.name ?? '');
  const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ text: `message ${i}` }) }))));
  const stored = await eventually(async () => {
    const all = await results(dynamodb);
    return sent.every((s) => all[s.MessageId ?? '']) ? all : undefined;
  }, 30_000, 'every message processed');
  for (const s of sent) assert.equal(stored[s.MessageId ?? '']?.receiveCount, 1);
  sqs.destroy();
  dynamodb.destroy();
});

test('a poison message lands in the DLQ after 3 receives and shows in /v1/status', { timeout: 60_000 }, async () => {
  const { sqs, endpoint } = await clients();
  const before = (await queue(isDlq))?.visible ?? 0;
  await sqs.send(new SendMessageCommand({ QueueUrl: jobsUrl(endpoint ?? '', (await queue(isJobs))?.name ?? ''), MessageBody: JSON.stringify({ text: 'x', poison: true }) }));
  await eventually(async () => (await queue(isDlq))?.visible === before + 1, 45_000, 'the poison message in the DLQ');
  sqs.destroy();
});

test('SIGKILL of the processing task while it holds a message: processed after the visibility timeout, one result', { timeout: 90_000 }, async () => {
  const { sqs, dynamodb, endpoint } = await clients();
  const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: jobsUrl(endpoint ?? '', (await queue(isJobs))?.name ?? ''), MessageBody: JSON.stringify({ text: 'held when killed', workMs: 5000 }) }));
  await eventually(async () => (await queue(isJobs))?.inFlight === 1, 20_000, 'the message in flight');
  const victim = (await status()).services[0]?.tasks[0];
  assert.ok(victim?.pid);
  process.kill(victim.pid, 'SIGKILL');
  const stored = await eventually(async () => (await results(dynamodb))[MessageId ?? ''], 60_000, 'the message processed by the replacement task');
  assert.equal(stored.receiveCount, 2, 'received once by the killed task, once after its visibility timeout');
  assert.equal(Object.keys(await results(dynamodb)).filter((id) => id === MessageId).length, 1);
  assert.notEqual((await status()).services[0]?.tasks[0]?.id, victim.id);
  sqs.destroy();
  dynamodb.destroy();
});

test('kill -9 of the whole tree with messages queued: after restart they are all still there', { timeout: 180_000 }, async () => {
  const { sqs, endpoint } = await clients();
  const parked = jobsUrl(endpoint ?? '', 'parked');
  for (let i = 0; i < 50; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => sqs.send(new SendMessageCommand({ QueueUrl: parked, MessageBody: `parked ${i + j}` }))));
  }
  sqs.destroy();
  const orphans = (await status()).services.flatMap((service) => service.tasks.map((task) => task.pid));
  if (system.child.pid) process.kill(-system.child.pid, 'SIGKILL');
  await system.stop('SIGKILL');
  const second = await up(system.dataDir);
  assert.deepEqual(orphans.filter(isAlive), [], 'the first run’s tasks are gone');
  const counted = await queue((n) => n === 'parked', second);
  console.log(`# queue-core: ${counted?.visible} of 50 queued messages after kill -9 and restart`);
  assert.equal(counted?.visible, 50);
  const adminPort = new URL(second.admin).port;
  const peeked = JSON.parse(execFileSync('npm', ['exec', '--', 'gatelink', 'queues', 'peek', 'parked', '--admin-port', adminPort, '--limit', '5', '--json'], { cwd: repoRoot, encoding: 'utf8' })) as { state: string; body: string }[];
  assert.equal(peeked.length, 5);
  assert.ok(peeked.every((message) => message.state === 'visible' && message.body.startsWith('parked ')));
  assert.equal((await queue((n) => n === 'parked', second))?.visible, 50, 'peeking consumed nothing');
});
