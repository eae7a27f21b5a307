/** processing-service against the embedded SQS and DynamoDB: one result per message, poison to the DLQ, graceful stop. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import pino from 'pino';
import { PoisonMessageError, parseJob, resultOf } from '../processing-service/src/message.js';
import { ResultStore } from '../processing-service/src/results.js';
import { Worker } from '../processing-service/src/worker.js';
import { VISIBILITY_TIMEOUT_SECONDS, startEngines } from './engines.js';
import type { Engines } from './engines.js';

let engines: Engines;
before(async () => {
  engines = await startEngines();
});
after(() => engines.close());

const logger = pino({ level: 'silent' });
const worker = () => new Worker({ queueUrl: engines.queueUrl, results: new ResultStore(engines.tableName, engines.dynamodb), logger, sqs: engines.sqs, waitTimeSeconds: 1 });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const results = async () => (await engines.dynamodb.send(new ScanCommand({ TableName: engines.tableName }))).Items ?? [];
const counts = async (QueueUrl: string) => (await engines.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
const visible = async (QueueUrl: string) => Number((await counts(QueueUrl)).ApproximateNumberOfMessages ?? 0);

test('parseJob: text and workMs are checked; poison, non-JSON and bad fields can never succeed', () => {
  assert.deepEqual(parseJob('{"text":"a b"}'), { text: 'a b', workMs: 0 });
  for (const body of ['{"text":"x","poison":true}', 'not json', '[1]', '{"text":""}', '{"text":"x","workMs":-1}', '{"text":"x","workMs":1.5}']) {
    assert.throws(() => parseJob(body), PoisonMessageError, body);
  }
  assert.deepEqual(resultOf('m', { text: 'two words', workMs: 0 }, 2, new Date(0)), { id: 'm', text: 'two words', words: 2, upper: 'TWO WORDS', receiveCount: 2, processedAt: '1970-01-01T00:00:00.000Z' });
});

test('a redelivered message never produces a second result (the write is conditional on the message id)', async () => {
  const store = new ResultStore(engines.tableName, engines.dynamodb);
  const result = resultOf('11111111-1111-4111-8111-111111111111', { text: 'once', workMs: 0 }, 1);
  assert.equal(await store.putOnce(result), true);
  assert.equal(await store.putOnce({ ...result, receiveCount: 2, text: 'twice' }), false);
  const stored = (await results()).filter((item) => item.id?.S === result.id);
  assert.deepEqual(stored.map((item) => item.text?.S), ['once']);
});

test('messages are processed, stored once each and deleted; a poison message ends in the DLQ after 3 receives', async () => {
  const running = worker();
  running.start();
  try {
    const sent = await Promise.all(['alpha beta', 'gamma'].map((text) => engines.sqs.send(new SendMessageCommand({ QueueUrl: engines.queueUrl, MessageBody: JSON.stringify({ text }) }))));
    await engines.sqs.send(new SendMessageCommand({ QueueUrl: engines.queueUrl, MessageBody: JSON.stringify({ text: 'bad', poison: true }) }));
    const stored = await until(results, (items) => sent.every((s) => items.some((item) => item.id?.S === s.MessageId)));
    for (const s of sent) assert.equal(stored.filter((item) => item.id?.S === s.MessageId).length, 1);
    assert.equal(await until(() => visible(engines.dlqUrl), (count) => count === 1), 1, 'the poison message is in the DLQ');
    const { Messages = [] } = await engines.sqs.send(new ReceiveMessageCommand({ QueueUrl: engines.dlqUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.match(Messages[0]?.Body ?? '', /"poison":true/);
    assert.equal(await visible(engines.queueUrl), 0, 'nothing is left on the jobs queue');
  } finally {
    await running.stop();
  }
});

test('stop() ends the long poll at once and finishes the message in hand before resolving', async () => {
  const running = worker();
  running.start();
  try {
    const { MessageId } = await engines.sqs.send(new SendMessageCommand({ QueueUrl: engines.queueUrl, MessageBody: JSON.stringify({ text: 'slow', workMs: 1500 }) }));
    // A long poll the previous test abandoned may still be waiting in the engine (as in SQS, the server
    // does not see the client go): it can take this message, which then returns after its visibility
    // timeout. So the wait outlasts that timeout instead of assuming the message comes at once.
    assert.equal(await until(async () => running.inHand, (count) => count === 1, (VISIBILITY_TIMEOUT_SECONDS + 5) * 1000), 1, 'the worker holds the message');
    await running.stop();
    const stored = (await results()).filter((item) => item.id?.S === MessageId);
    assert.equal(stored.length, 1, 'the message in hand was finished before stop() resolved');
  } finally {
    await running.stop();
  }
  const idle = worker();
  idle.start();
  const started = Date.now();
  await idle.stop();
  assert.ok(Date.now() - started < 1000, 'an idle long poll is abandoned at once');
});
