/** The embedded DynamoDB: tables from the plan (with indexes), data kept in the data dir across restarts. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import pino from 'pino';
import { startDynamoDb } from '../../src/engines/dynamodb.js';
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
