/** Validators are compiled on their route's first request, by Fastify's own compiler, not at start. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import Fastify from 'fastify';
import { AJV_OPTIONS } from '../src/app.js';
import { lazyCompilers } from '../src/lazy-compilers.js';
import type { CompilerLoader } from '../src/lazy-compilers.js';

function countingLoader(): { load: CompilerLoader; loads: string[] } {
  const loads: string[] = [];
  const require = createRequire(import.meta.url);
  return { loads, load: (name) => (loads.push(name), require(name) as ReturnType<CompilerLoader>) };
}

const body = { type: 'object', properties: { size: { type: 'integer', minimum: 1 } }, required: ['size'], additionalProperties: false };

test('nothing is loaded or compiled at start; the first request compiles, later ones reuse it', async (t) => {
  const { load, loads } = countingLoader();
  const app = Fastify({ ajv: { customOptions: AJV_OPTIONS }, schemaController: { compilersFactory: lazyCompilers(load) } });
  t.after(() => app.close());
  app.post('/a', { schema: { body } }, async (request) => request.body);
  app.post('/b', { schema: { body } }, async (request) => request.body);
  await app.ready();
  assert.deepEqual(loads, [], 'no compiler package loaded by ready()');
  assert.equal((await app.inject({ method: 'POST', url: '/a', payload: { size: 2 } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/b', payload: { size: 3 } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/a', payload: { size: 4 } })).statusCode, 200);
  assert.deepEqual(loads, ['@fastify/ajv-compiler'], 'loaded once, for every route');
});

test('a failed validation answers as with Fastify’s compiler at start: 400 and the same Ajv errors', async (t) => {
  const validation = async (compilersFactory?: ReturnType<typeof lazyCompilers>) => {
    const app = Fastify({ ajv: { customOptions: AJV_OPTIONS }, ...(compilersFactory ? { schemaController: { compilersFactory } } : {}) });
    t.after(() => app.close());
    app.post('/a', { schema: { body } }, async (request) => request.body);
    const response = await app.inject({ method: 'POST', url: '/a', payload: { size: 0, extra: true } });
    return { status: response.statusCode, body: response.json() as unknown };
  };
  const lazy = await validation(lazyCompilers());
  assert.equal(lazy.status, 400);
  assert.deepEqual(lazy, await validation(), 'identical to Fastify’s default compilers');
});

test('a response schema loads the serializer compiler when the route is set up, and serializes by it', async (t) => {
  const { load, loads } = countingLoader();
  const app = Fastify({ schemaController: { compilersFactory: lazyCompilers(load) } });
  t.after(() => app.close());
  app.get('/s', { schema: { response: { 200: { type: 'object', properties: { shown: { type: 'string' } } } } } }, async () => ({ shown: 'yes', hidden: 'no' }));
  const response = await app.inject({ method: 'GET', url: '/s' });
  assert.deepEqual(response.json(), { shown: 'yes' }, 'properties outside the response schema are left out, as fast-json-stringify does');
  assert.deepEqual(loads, ['@fastify/fast-json-stringify-compiler']);
});
