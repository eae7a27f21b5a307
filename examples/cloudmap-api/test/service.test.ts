/** The movies service through fastify.inject: the routes, the `{ message }` errors, x-served-by, /diagnostics. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { buildApp } from '../service/src/app.js';
import { MovieStore } from '../service/src/movies.js';

function app(t: { after(fn: () => Promise<void>): void }) {
  const instance = buildApp({ store: new MovieStore(), servedBy: 'task-a' });
  t.after(() => instance.close());
  return instance;
}

test('GET /movies lists the seed movies and names the task that served it', async (t) => {
  const response = await app(t).inject({ method: 'GET', url: '/movies' });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['x-served-by'], 'task-a');
  const movies = response.json<{ id: number; title: string }[]>();
  assert.deepEqual(movies.map((movie) => movie.id), [1, 2, 3]);
  assert.ok(movies.some((movie) => movie.title === 'Arrival'));
});

test('GET /movies/{id}: the movie, or 404 {message} for an unknown or malformed id', async (t) => {
  const instance = app(t);
  const found = await instance.inject({ method: 'GET', url: '/movies/2' });
  assert.equal(found.statusCode, 200);
  assert.equal(found.json<{ title: string }>().title, 'Spirited Away');
  for (const id of ['99', 'abc', '0', '1.5']) {
    const missing = await instance.inject({ method: 'GET', url: `/movies/${id}` });
    assert.equal(missing.statusCode, 404, id);
    assert.deepEqual(missing.json(), { message: `movie ${id} not found` });
  }
});

test('POST /movies creates a movie: 201, Location, then readable by id', async (t) => {
  const instance = app(t);
  const created = await instance.inject({ method: 'POST', url: '/movies', payload: { title: 'Heat', year: 1995, director: 'Michael Mann' } });
  assert.equal(created.statusCode, 201);
  assert.deepEqual(created.json(), { id: 4, title: 'Heat', year: 1995, director: 'Michael Mann' });
  assert.equal(created.headers.location, '/movies/4');
  assert.equal((await instance.inject({ method: 'GET', url: '/movies/4' })).statusCode, 200);
});

test('POST /movies validates the body: 400 {message} naming every problem', async (t) => {
  const instance = app(t);
  const cases: [unknown, RegExp][] = [
    [{ year: 1995 }, /required property 'title'/],
    [{ title: '', year: 1995 }, /title must NOT have fewer than 1 characters/],
    [{ title: 'Heat', year: '1995' }, /year must be integer/],
    [{ title: 'Heat', year: 1700 }, /year must be >= 1888/],
    [{ title: 'Heat', year: 1995, rating: 5 }, /additional properties/],
  ];
  for (const [payload, message] of cases) {
    const response = await instance.inject({ method: 'POST', url: '/movies', payload: payload as Record<string, unknown> });
    assert.equal(response.statusCode, 400, JSON.stringify(payload));
    const body = response.json<{ message: string }>();
    assert.deepEqual(Object.keys(body), ['message']);
    assert.match(body.message, message);
  }
  const notJson = await instance.inject({ method: 'POST', url: '/movies', headers: { 'content-type': 'application/json' }, payload: '{"title":' });
  assert.equal(notJson.statusCode, 400);
  assert.deepEqual(Object.keys(notJson.json()), ['message']);
  assert.equal((await instance.inject({ method: 'GET', url: '/movies' })).json<unknown[]>().length, 3, 'nothing was stored');
});

test('GET /health answers 200; an unknown route is 404 {message}', async (t) => {
  const instance = app(t);
  const health = await instance.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: 'ok', servedBy: 'task-a' });
  const unknown = await instance.inject({ method: 'DELETE', url: '/movies/1' });
  assert.equal(unknown.statusCode, 404);
  assert.deepEqual(unknown.json(), { message: 'no route DELETE /movies/1' });
});

test('GET /diagnostics: the database user and a SHA-256 of the password, never the password', async (t) => {
  const password = 'Sup3rS3cretPassw0rdThatMustNotLeak';
  const instance = buildApp({ store: new MovieStore(), servedBy: 'task-a', database: { username: 'movies', password } });
  t.after(() => instance.close());
  const response = await instance.inject({ method: 'GET', url: '/diagnostics' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { servedBy: 'task-a', database: { username: 'movies', passwordSha256: createHash('sha256').update(password).digest('hex') } });
  assert.ok(!response.body.includes(password));
  const without = await app(t).inject({ method: 'GET', url: '/diagnostics' });
  assert.deepEqual(without.json(), { servedBy: 'task-a', database: { username: null, passwordSha256: null } });
});
