/** api-service against the embedded DynamoDB: one item, pagination, and validation answered with 400s. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { buildApp } from '../api-service/src/app.js';
import { Items } from '../api-service/src/items.js';
import { ResultStore } from '../processing-service/src/results.js';
import { resultOf } from '../processing-service/src/message.js';
import { startEngines } from './engines.js';
import type { Engines } from './engines.js';

let engines: Engines;
let app: ReturnType<typeof buildApp>;
const ids = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
before(async () => {
  engines = await startEngines();
  const store = new ResultStore(engines.tableName, engines.dynamodb);
  for (const [i, id] of ids.entries()) await store.putOnce(resultOf(id, { text: `item ${i}`, workMs: 0 }, 1));
  app = buildApp(new Items(engines.tableName, engines.dynamodb), pino({ level: 'silent' }));
});
after(async () => {
  await app.close();
  await engines.close();
});

test('GET /items/{id}: the stored result, 404 for an unknown id, 400 for something that is not a message id', async () => {
  const found = await app.inject({ url: `/items/${ids[0]}` });
  assert.equal(found.statusCode, 200);
  assert.deepEqual({ ...found.json<Record<string, unknown>>(), processedAt: undefined }, { id: ids[0], text: 'item 0', words: 2, upper: 'ITEM 0', receiveCount: 1, processedAt: undefined });
  const missing = await app.inject({ url: '/items/99999999-9999-4999-8999-999999999999' });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.json<{ message: string }>().message, /not processed yet/);
  const bad = await app.inject({ url: '/items/not-an-id' });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json(), { message: 'invalid item id', errors: [{ path: '/id', message: 'must be a message id (a UUID)' }] });
});

test('GET /items pages through every item exactly once with nextToken', async () => {
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const response = await app.inject({ url: `/items?limit=2${token ? `&nextToken=${token}` : ''}` });
    assert.equal(response.statusCode, 200);
    const page = response.json<{ items: { id: string }[]; nextToken?: string }>();
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((item) => item.id));
    token = page.nextToken;
    pages++;
  } while (token && pages < 10);
  assert.deepEqual(seen.sort(), [...ids].sort());
});

test('GET /items rejects a bad limit or a token it did not issue with 400 and says why', async () => {
  for (const [query, path] of [['limit=0', '/limit'], ['limit=101', '/limit'], ['limit=abc', '/limit'], ['nextToken=bogus', '/nextToken']] as const) {
    const response = await app.inject({ url: `/items?${query}` });
    assert.equal(response.statusCode, 400, query);
    assert.equal(response.json<{ errors: { path: string }[] }>().errors[0]?.path, path);
  }
  assert.equal((await app.inject({ url: '/health' })).statusCode, 200);
});
