/** The embedded DynamoDB: tables from the plan (with indexes), data kept in the data dir across restarts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import pino from 'pino';
import { createTableInput, startDynamoDb } from '../../src/engines/dynamodb.js';
import { startDynaliteThread } from '../../src/engines/dynalite-thread.js';
import type { TablePlan } from '../../src/plan/types.js';

const table: TablePlan = {
  id: 'S/Books',
  tableName: 'books',
  keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
  attributeDefinitions: [
    { attributeName: 'id', attributeType: 'N' },
    { attributeName: 'isbn', attributeType: 'S' },
  ],
  globalSecondaryIndexes: [{ indexName: 'byIsbn', keySchema: [{ attributeName: 'isbn', keyType: 'HASH' }], projectionType: 'ALL', nonKeyAttributes: [] }],
  localSecondaryIndexes: [],
} as unknown as TablePlan;

const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

test('tables are created with their indexes, and data survives a restart on the same data dir', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-dynamo-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const logger = pino({ level: 'silent' });
  const first = await startDynamoDb({ dataDir, tables: [table], region: 'us-west-2', logger });
  const db = client(first.endpoint);
  assert.deepEqual((await db.send(new ListTablesCommand({}))).TableNames, ['books']);
  const described = await db.send(new DescribeTableCommand({ TableName: 'books' }));
  assert.equal(described.Table?.TableStatus, 'ACTIVE');
  assert.deepEqual(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName), ['byIsbn']);
  await db.send(new PutItemCommand({ TableName: 'books', Item: { id: { N: '1' }, isbn: { S: '978' } } }));
  db.destroy();
  await first.close();

  const second = await startDynamoDb({ dataDir, tables: [table], region: 'us-west-2', logger });
  const again = client(second.endpoint);
  const item = await again.send(new GetItemCommand({ TableName: 'books', Key: { id: { N: '1' } } }));
  assert.equal(item.Item?.isbn?.S, '978', 'the item written before the restart is there');
  again.destroy();
  await second.close();
});

test('the engine answers while gatelink’s main thread is busy (it runs on a thread of its own)', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-dynamo-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const engine = await startDynamoDb({ dataDir, tables: [table], region: 'us-west-2', logger: pino({ level: 'silent' }) });
  t.after(() => engine.close());
  await engine.ready;
  const answered = new Int32Array(new SharedArrayBuffer(4));
  // A client on another thread; this thread then blocks without ever returning to its event loop.
  const client = new Worker(
    `const { workerData } = require('node:worker_threads');
     fetch(workerData.endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0',
       authorization: 'AWS4-HMAC-SHA256 Credential=x/20260101/us-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0', 'x-amz-date': '20260101T000000Z' }, body: '{}' })
       .then((response) => response.json()).then((body) => { Atomics.store(workerData.answered, 0, body.TableNames.length); Atomics.notify(workerData.answered, 0); });`,
    { eval: true, workerData: { endpoint: engine.endpoint, answered } },
  );
  t.after(() => client.terminate());
  assert.equal(Atomics.wait(answered, 0, 0, 20_000), 'ok', 'ListTables was answered while this thread was blocked');
  assert.equal(answered[0], 1);
});

test('a request sent before the tables exist waits for them instead of failing (tasks launch while the engine loads)', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-dynamo-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  // A CREATING phase long enough that a request released at CreateTable's answer would see it.
  const engine = await startDynaliteThread({ path: dataDir, createTableMs: 150 });
  t.after(() => engine.close());
  const db = client(`http://127.0.0.1:${engine.port}`);
  t.after(() => db.destroy());
  const put = db.send(new PutItemCommand({ TableName: 'books', Item: { id: { N: '7' }, isbn: { S: '979' } } }));
  const described = db.send(new DescribeTableCommand({ TableName: 'books' }));
  assert.deepEqual(await engine.ensureTables([createTableInput(table)], 'us-west-2'), ['books']);
  await put; // an item call on a CREATING table fails with ResourceNotFoundException
  const answer = (await described).Table;
  assert.equal(answer?.TableStatus, 'ACTIVE', 'answered once the table was ACTIVE, not while CREATING');
  assert.deepEqual(answer?.GlobalSecondaryIndexes?.map((index) => index.IndexStatus), ['ACTIVE']);
  assert.deepEqual(await engine.ensureTables([createTableInput(table)], 'us-west-2'), [], 'an existing table is left as it is');
});

test('a table the engine refuses fails the start with GL_ERR_ENGINE_START and the engine’s reason', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-dynamo-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const broken = { ...table, keySchema: [] } as unknown as TablePlan;
  const engine = await startDynamoDb({ dataDir, tables: [broken], region: 'us-west-2', logger: pino({ level: 'silent' }) });
  t.after(() => engine.close());
  await assert.rejects(engine.ready, (error: Error & { code?: string }) => error.code === 'GL_ERR_ENGINE_START' && /CreateTable: .*ValidationException/.test(error.message));
});
