import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bodySchemaProblems, startTestDatabase } from '@gatelink/service-kit/testing';
import type { TestDatabase } from '@gatelink/service-kit/testing';
import { books } from '../src/definition.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let db: TestDatabase;

before(async () => {
  db = await startTestDatabase('books');
});
after(async () => {
  await db.close();
});

/** Starts the built service (`node dist/server.js`, as the image does) on a free port. */
async function startService(): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: serviceDir,
    env: { ...db.env, PATH: process.env.PATH, BOOKS_TABLE: 'books', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let buffered = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(buffered);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`service exited with ${code}: ${buffered}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited, output: () => buffered };
}

test('over a real socket: the seed contract of GET /api/books and GET /api/books/{id}', async (t) => {
  const service = await startService();
  t.after(() => service.child.kill('SIGKILL'));
  const response = await fetch(`${service.url}/api/books`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  assert.ok(response.headers.get('x-request-id'), 'every response carries its request id');
  const books = (await response.json()) as Record<string, unknown>[];
  assert.equal(books.length, 6);
  assert.deepEqual(Object.keys(books[0] ?? {}).sort(), ['authorId', 'date', 'id', 'isbn', 'publisher', 'title', 'version']);
  assert.deepEqual(books[1], { id: 2, isbn: 9781788293723, title: 'Mastering AWS Security', publisher: 'Packt Publishing', date: '10/30/2017', authorId: 2, version: 1 });
  const one = await fetch(`${service.url}/api/books/6`);
  assert.equal(((await one.json()) as { title: string }).title, 'AWS Basics');
  const missing = await fetch(`${service.url}/api/books/77`);
  assert.equal(missing.status, 404, 'an unknown id is a 404, and the process survives it');
  assert.equal((await fetch(`${service.url}/api/books/health`)).status, 200);
});

test('validation of the book schema over the wire', async (t) => {
  const service = await startService();
  t.after(() => service.child.kill('SIGKILL'));
  const response = await fetch(`${service.url}/api/books`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ isbn: 'x', title: '', publisher: 'P', date: '2019-07-02', authorId: 0 }),
  });
  assert.equal(response.status, 400);
  const body = (await response.json()) as { errors: { path: string }[] };
  assert.deepEqual(body.errors.map((e) => e.path).sort(), ['/authorId', '/date', '/isbn', '/title']);
});

test('SIGTERM with a request in flight: the request completes, then the process exits 0', async () => {
  const service = await startService();
  const { port } = new URL(service.url);
  const payload = JSON.stringify({ isbn: 9781234567897, title: 'In Flight', publisher: 'P', date: '01/01/2020', authorId: 1 });
  const result = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/books', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    // Half the body now; once the service has logged the request (it is in flight), SIGTERM, then the rest.
    request.write(payload.slice(0, 10));
    void (async () => {
      const deadline = Date.now() + 5_000;
      while (!/incoming request/.test(service.output())) {
        if (Date.now() > deadline) return reject(new Error(`the request never reached the service:\n${service.output()}`));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      service.child.kill('SIGTERM');
      setTimeout(() => request.end(payload.slice(10)), 100);
    })();
  });
  const { status, body } = await result;
  assert.equal(status, 201, body);
  assert.equal(await service.exited, 0);
});

test('the book body schemas are valid JSON Schema (checked here: the service skips that check at start)', () => {
  assert.deepEqual(bodySchemaProblems(books), []);
});
