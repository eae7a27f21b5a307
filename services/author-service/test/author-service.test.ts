import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp, Repository, seed } from '@gatelink/service-kit';
import { bodySchemaProblems, startTestDatabase } from '@gatelink/service-kit/testing';
import type { TestDatabase } from '@gatelink/service-kit/testing';
import { authors } from '../src/definition.js';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase('authors');
});
after(async () => {
  await db.close();
});

test('the seed contract of GET /api/authors, and a create that validates', async (t) => {
  const repository = new Repository('authors');
  await seed(repository, authors);
  const app = buildApp({ definition: authors, repository });
  t.after(() => app.close());
  const list = await app.inject({ method: 'GET', url: '/api/authors' });
  const items = list.json<{ id: number; name: string; book: string }[]>();
  assert.equal(items.length, 6);
  assert.deepEqual(items[2], { id: 3, name: 'Gojko Adzic', book: 'Running Serverless', version: 1 });
  assert.equal((await app.inject({ method: 'GET', url: '/api/authors/health' })).statusCode, 200);
  const invalid = await app.inject({ method: 'POST', url: '/api/authors', payload: { name: 'No Book' } });
  assert.equal(invalid.statusCode, 400);
  const created = await app.inject({ method: 'POST', url: '/api/authors', payload: { name: 'New Author', book: 'New Book' } });
  assert.equal(created.statusCode, 201);
  assert.equal(created.json<{ id: number }>().id, 7);
});

test('the author body schemas are valid JSON Schema (checked here: the service skips that check at start)', () => {
  assert.deepEqual(bodySchemaProblems(authors), []);
});
