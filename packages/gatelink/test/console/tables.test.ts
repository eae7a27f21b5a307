/** Read-only table browsing on the embedded DynamoDB: a page of a scan with a next-page key, one item by key. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import pino from 'pino';
import { TableBrowser } from '../../src/console/tables.js';
import { startDynamoDb } from '../../src/engines/dynamodb.js';
import { consolePlan } from './plan-fixture.js';

test('scan pages through the items (plain JSON) with a next key; get finds one by key or answers undefined', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-tables-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const tables = consolePlan().tables;
  const engine = await startDynamoDb({ dataDir, tables, region: 'us-east-1', logger: pino({ level: 'silent' }) });
  t.after(() => engine.close());
  await engine.ready;
  const db = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  t.after(() => db.destroy());
  for (const id of ['a', 'b', 'c']) await db.send(new PutItemCommand({ TableName: 'shop-items', Item: { id: { S: id }, price: { N: '3' } } }));
  const browser = new TableBrowser(engine.endpoint, 'us-east-1', tables);
  t.after(() => browser.close());
  assert.deepEqual(browser.list(), [{ name: 'shop-items', keys: [{ name: 'id', type: 'HASH' }] }]);
  const first = await browser.scan('shop-items', 2);
  assert.equal(first.count, 2);
  assert.ok(first.next, 'a next-page key');
  const second = await browser.scan('shop-items', 2, first.next);
  assert.deepEqual([...first.items, ...second.items].map((item) => item.id).sort(), ['a', 'b', 'c']);
  assert.deepEqual(await browser.get('shop-items', { id: 'b' }), { id: 'b', price: 3 });
  assert.equal(await browser.get('shop-items', { id: 'zz' }), undefined);
});
