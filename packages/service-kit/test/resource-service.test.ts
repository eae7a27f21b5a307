import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import type { ResourceDefinition } from '../src/definition.js';
import { COUNTER_ID, Repository } from '../src/repository.js';
import { seed } from '../src/seed.js';
import { startTestDatabase } from '../src/testing.js';
import type { TestDatabase } from '../src/testing.js';

const widgets: ResourceDefinition = {
  resource: 'widgets',
  tableEnv: 'WIDGETS_TABLE',
  properties: { name: { type: 'string', minLength: 1 }, size: { type: 'integer', minimum: 1 } },
  required: ['name', 'size'],
  seed: [1, 2, 3, 4, 5, 6].map((id) => ({ id, name: `w${id}`, size: id })),
};

let db: TestDatabase;
let app: FastifyInstance;
let repository: Repository;

before(async () => {
  db = await startTestDatabase('widgets');
  repository = new Repository('widgets');
  await seed(repository, widgets);
  app = buildApp({ definition: widgets, repository });
  await app.ready();
});

after(async () => {
  await app.close();
  await db.close();
});

async function create(body: object): Promise<{ id: number; version: number }> {
  const response = await app.inject({ method: 'POST', url: '/api/widgets', payload: body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

test('list returns the seed as a JSON array in id order; the id counter is never listed', async () => {
  const response = await app.inject({ method: 'GET', url: '/api/widgets' });
  assert.equal(response.statusCode, 200);
  const items = response.json<{ id: number }[]>();
  assert.deepEqual(items.slice(0, 6).map((item) => item.id), [1, 2, 3, 4, 5, 6]);
  assert.ok(items.every((item) => item.id !== COUNTER_ID));
});

test('health answers 200 JSON naming the Node.js it runs on', async () => {
  const response = await app.inject({ method: 'GET', url: '/api/widgets/health' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { status: 'ok', node: process.version });
});

test('health checks are not request-logged; other requests are', async () => {
  const lines: { msg?: string; req?: { url?: string } }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { msg?: string; req?: { url?: string } });
      done();
    },
  });
  const logged = buildApp({ definition: widgets, repository, logger: pino({ level: 'info' }, sink) });
  try {
    assert.equal((await logged.inject({ method: 'GET', url: '/api/widgets/health' })).statusCode, 200);
    assert.equal((await logged.inject({ method: 'GET', url: '/api/widgets/1' })).statusCode, 200);
  } finally {
    await logged.close();
  }
  const incoming = lines.filter((line) => line.msg === 'incoming request').map((line) => line.req?.url);
  assert.deepEqual(incoming, ['/api/widgets/1']);
  assert.equal(lines.filter((line) => line.msg === 'request completed').length, 1);
});

test('create: 201, Location, the new id, an ETag; then get, replace, update, delete', async () => {
  const response = await app.inject({ method: 'POST', url: '/api/widgets', payload: { name: 'new', size: 9 } });
  assert.equal(response.statusCode, 201);
  const created = response.json<{ id: number; version: number }>();
  assert.ok(created.id > 6, 'new ids start after the seed');
  assert.equal(response.headers.location, `/api/widgets/${created.id}`);
  assert.equal(response.headers.etag, '"1"');
  const fetched = await app.inject({ method: 'GET', url: `/api/widgets/${created.id}` });
  assert.deepEqual(fetched.json(), { id: created.id, name: 'new', size: 9, version: 1 });
  const replaced = await app.inject({ method: 'PUT', url: `/api/widgets/${created.id}`, payload: { name: 'renamed', size: 2 }, headers: { 'if-match': '"1"' } });
  assert.equal(replaced.statusCode, 200, replaced.body);
  assert.deepEqual(replaced.json(), { id: created.id, name: 'renamed', size: 2, version: 2 });
  const updated = await app.inject({ method: 'PATCH', url: `/api/widgets/${created.id}`, payload: { size: 3 } });
  assert.deepEqual(updated.json(), { id: created.id, name: 'renamed', size: 3, version: 3 });
  const deleted = await app.inject({ method: 'DELETE', url: `/api/widgets/${created.id}` });
  assert.equal(deleted.statusCode, 204);
  assert.equal((await app.inject({ method: 'GET', url: `/api/widgets/${created.id}` })).statusCode, 404);
});

test('validation: 400 with { message, errors } for wrong types, missing and unknown fields, bad JSON', async () => {
  const wrong = await app.inject({ method: 'POST', url: '/api/widgets', payload: { name: 5, size: 'big', color: 'red' } });
  assert.equal(wrong.statusCode, 400);
  const body = wrong.json<{ message: string; errors: { path: string; message: string }[] }>();
  assert.match(body.message, /invalid request body/);
  assert.deepEqual(body.errors.map((e) => e.path).sort(), ['/', '/name', '/size'].sort());
  const missing = await app.inject({ method: 'POST', url: '/api/widgets', payload: { name: 'x' } });
  assert.equal(missing.statusCode, 400);
  const badJson = await app.inject({ method: 'POST', url: '/api/widgets', payload: '{"name":', headers: { 'content-type': 'application/json' } });
  assert.equal(badJson.statusCode, 400);
  assert.equal(typeof badJson.json<{ message: string }>().message, 'string');
  const emptyPatch = await app.inject({ method: 'PATCH', url: '/api/widgets/1', payload: {} });
  assert.equal(emptyPatch.statusCode, 400);
});

test('404 JSON for unknown ids and routes; 400 JSON for ids that cannot exist', async () => {
  const unknown = await app.inject({ method: 'GET', url: '/api/widgets/999999' });
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json<{ message: string }>().message, /999999/);
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    const response = await app.inject({ method, url: '/api/widgets/999999', payload: method === 'DELETE' ? undefined : { name: 'a', size: 1 } });
    assert.equal(response.statusCode, 404, method);
  }
  const badId = await app.inject({ method: 'GET', url: '/api/widgets/abc' });
  assert.equal(badId.statusCode, 400);
  const route = await app.inject({ method: 'GET', url: '/nowhere' });
  assert.equal(route.statusCode, 404);
  assert.equal(route.headers['content-type']?.toString().startsWith('application/json'), true);
});

test('pagination: limit pages through everything; the token travels in x-next-token and Link', async () => {
  const seen: number[] = [];
  let url = '/api/widgets?limit=2';
  for (let pages = 0; pages < 50; pages += 1) {
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200);
    const items = response.json<{ id: number }[]>();
    assert.ok(Array.isArray(items));
    seen.push(...items.map((item) => item.id));
    const token = response.headers['x-next-token'];
    if (!token) break;
    assert.match(String(response.headers.link), /rel="next"/);
    url = `/api/widgets?limit=2&nextToken=${String(token)}`;
  }
  const all = (await app.inject({ method: 'GET', url: '/api/widgets?limit=1000' })).json<{ id: number }[]>().map((item) => item.id);
  assert.deepEqual([...seen].sort((a, b) => a - b), [...all].sort((a, b) => a - b));
  assert.equal(new Set(seen).size, seen.length, 'no item twice');
});

test('pagination: invalid limit or token is a 400 JSON', async () => {
  for (const query of ['limit=0', 'limit=abc', 'limit=5000', 'nextToken=garbage']) {
    const response = await app.inject({ method: 'GET', url: `/api/widgets?${query}` });
    assert.equal(response.statusCode, 400, query);
    assert.ok(response.json<{ errors: unknown[] }>().errors.length > 0);
  }
});

test('concurrent conflicting writes: exactly one wins, the others get 409', async () => {
  const { id } = await create({ name: 'contended', size: 1 });
  const writes = await Promise.all(
    [1, 2, 3, 4, 5].map((size) => app.inject({ method: 'PUT', url: `/api/widgets/${id}`, payload: { name: 'contended', size }, headers: { 'if-match': '"1"' } })),
  );
  const codes = writes.map((response) => response.statusCode).sort();
  assert.deepEqual(codes, [200, 409, 409, 409, 409]);
  const conflict = writes.find((response) => response.statusCode === 409);
  assert.match(conflict?.json<{ message: string }>().message ?? '', /changed by someone else/);
  const stale = await app.inject({ method: 'DELETE', url: `/api/widgets/${id}`, headers: { 'if-match': '"1"' } });
  assert.equal(stale.statusCode, 409, 'a delete against a stale version is refused');
});

test('concurrent creates get distinct ids', async () => {
  const created = await Promise.all(Array.from({ length: 10 }, (_, i) => create({ name: `c${i}`, size: 1 })));
  assert.equal(new Set(created.map((item) => item.id)).size, 10);
});

test('seeding is idempotent, even when two seeders race', async () => {
  const [first, second] = await Promise.all([seed(repository, widgets), seed(repository, widgets)]);
  assert.equal(first + second, 0, 'the seed was already there');
  const fresh = await startTestDatabase('fresh');
  try {
    const repo = new Repository('fresh');
    const counts = await Promise.all([seed(repo, widgets), seed(repo, widgets), seed(repo, widgets)]);
    assert.equal(counts.reduce((a, b) => a + b, 0), 6, 'each seed item written exactly once');
    const page = await repo.list({ limit: 100 });
    assert.equal(page.items.length, 6);
    const next = await repo.create({ name: 'after', size: 1 });
    assert.equal(next.id, 7, 'the id counter starts after the seed');
  } finally {
    await fresh.close();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  }
});
