/** One queue, two protocols: the SDK's JSON protocol and the query protocol API Gateway's SQS integration sends. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import pino from 'pino';
import { startSqs } from '../../src/engines/sqs/engine.js';
import type { SqsEngine } from '../../src/engines/sqs/engine.js';
import { REGION, queuePlan, sqsClient } from './sqs-helpers.js';

let engine: SqsEngine;
let dir: string;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatelink-sqs-q-'));
  engine = await startSqs({ dataDir: dir, queues: [queuePlan('orders'), queuePlan('orders.fifo', { contentBasedDeduplication: false })], region: REGION, logger: pino({ level: 'silent' }) });
  await engine.ready;
});
after(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const form = (params: Record<string, string>, accept?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
  body: new URLSearchParams(params).toString(),
});

test('a query-protocol SendMessage to /<account>/<queue> (API Gateway’s form) is answered in XML and received through the SDK', async () => {
  const response = await fetch(`${engine.endpoint}/000000000000/orders`, form({ Action: 'SendMessage', MessageBody: 'from the query protocol', 'MessageAttribute.1.Name': 'source', 'MessageAttribute.1.Value.DataType': 'String', 'MessageAttribute.1.Value.StringValue': 'api' }));
  assert.equal(response.status, 200);
  const xml = await response.text();
  assert.match(xml, /^<\?xml version="1.0"\?><SendMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><SendMessageResult>/);
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(xml)?.[1];
  assert.match(xml, /<MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody>/);
  const sqs = sqsClient(engine.endpoint);
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${engine.endpoint}/000000000000/orders`, MessageAttributeNames: ['All'] }));
  sqs.destroy();
  assert.equal(Messages?.[0]?.MessageId, messageId);
  assert.equal(Messages?.[0]?.Body, 'from the query protocol');
  assert.equal(Messages?.[0]?.MessageAttributes?.source?.StringValue, 'api');
});

test('with Accept: application/json the query protocol answers the same structure as JSON', async () => {
  const response = await fetch(`${engine.endpoint}/?Action=SendMessage`, form({ QueueUrl: `${engine.endpoint}/000000000000/orders`, MessageBody: 'json please' }, 'application/json'));
  assert.equal(response.status, 200);
  const body = (await response.json()) as { SendMessageResponse: { SendMessageResult: Record<string, unknown>; ResponseMetadata: { RequestId: string } } };
  assert.match(String(body.SendMessageResponse.SendMessageResult.MessageId), /^[0-9a-f-]{36}$/);
  assert.equal(body.SendMessageResponse.SendMessageResult.SequenceNumber, null);
  assert.equal(body.SendMessageResponse.ResponseMetadata.RequestId, response.headers.get('x-amzn-requestid'));
});

test('query-protocol ReceiveMessage lists messages and attributes as repeated elements', async () => {
  await fetch(`${engine.endpoint}/000000000000/orders`, form({ Action: 'SendMessage', MessageBody: 'listed <&>' }));
  const response = await fetch(`${engine.endpoint}/000000000000/orders`, form({ Action: 'ReceiveMessage', MaxNumberOfMessages: '10', 'AttributeName.1': 'All' }));
  const xml = await response.text();
  assert.match(xml, /<ReceiveMessageResult>(<Message>.*<\/Message>)+<\/ReceiveMessageResult>/);
  assert.match(xml, /<Body>listed &lt;&amp;&gt;<\/Body>/);
  assert.match(xml, /<Attribute><Name>ApproximateReceiveCount<\/Name><Value>1<\/Value><\/Attribute>/);
});

test('query-protocol errors: an unknown queue is AWS.SimpleQueueService.NonExistentQueue, a FIFO send without a group id is refused', async () => {
  const missing = await fetch(`${engine.endpoint}/000000000000/nope`, form({ Action: 'SendMessage', MessageBody: 'x' }));
  assert.equal(missing.status, 400);
  const xml = await missing.text();
  assert.match(xml, /<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>AWS.SimpleQueueService.NonExistentQueue<\/Code>/);
  const fifo = await fetch(`${engine.endpoint}/000000000000/orders.fifo`, form({ Action: 'SendMessage', MessageBody: 'x' }));
  assert.equal(fifo.status, 400);
  assert.match(await fifo.text(), /<Code>MissingParameter<\/Code><Message>The request must contain the parameter MessageGroupId.<\/Message>/);
});

test('FIFO: messages of one group come in order, one in flight per group, and a repeated deduplication id is not enqueued twice', async () => {
  const sqs = sqsClient(engine.endpoint);
  const QueueUrl = `${engine.endpoint}/000000000000/orders.fifo`;
  const first = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a1', MessageGroupId: 'a', MessageDeduplicationId: 'd1' }));
  const repeat = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a1 again', MessageGroupId: 'a', MessageDeduplicationId: 'd1' }));
  assert.equal(repeat.MessageId, first.MessageId);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a2', MessageGroupId: 'a', MessageDeduplicationId: 'd2' }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b1', MessageGroupId: 'b', MessageDeduplicationId: 'd3' }));
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  const bodies = Messages.map((message) => message.Body);
  assert.ok(bodies.indexOf('a1') < bodies.indexOf('a2') || !bodies.includes('a2'), `group order: ${bodies.join()}`);
  assert.ok(!bodies.includes('a1 again'));
  const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  assert.equal(again.Messages, undefined, 'the groups are locked while their messages are in flight');
  sqs.destroy();
});
