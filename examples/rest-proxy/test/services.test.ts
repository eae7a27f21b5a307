/**
 * The two services on their own: the webpage (fastify, in process) and the blog (the real
 * blog.py under python3, on a free port), each answering under its path prefix, with /health, and
 * naming its language — what the end-to-end test relies on to tell them apart.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../webpage-service/src/app.js';

const BLOG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'blog-service', 'blog.py');

test('webpage: an HTML page under /webpage, JSON facts at /webpage/info, /health, JSON 404 elsewhere', async (t) => {
  const app = buildApp();
  t.after(() => app.close());
  const page = await app.inject({ url: '/webpage' });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.body, /data-language="typescript"/);
  assert.equal((await app.inject({ url: '/webpage/anything/below' })).statusCode, 200);
  const info = await app.inject({ url: '/webpage/info?x=1' });
  assert.deepEqual({ ...(info.json() as Record<string, unknown>), runtime: undefined }, { service: 'webpage', language: 'typescript', framework: 'fastify', runtime: undefined, path: '/webpage/info?x=1' });
  assert.deepEqual((await app.inject({ url: '/health' })).json(), { status: 'ok' });
  const missing = await app.inject({ url: '/blog' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().service, 'webpage');
});

test('blog: the standard-library Python server answers JSON under /blog, /health, 404 elsewhere, and exits 0 on SIGTERM', async (t) => {
  const child = spawn('python3', [BLOG], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`blog.py exited ${code}`)));
    lines.on('line', (line) => {
      const match = /listening on (\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
  const get = async (url: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${url}`);
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };
  const blog = await get('/blog');
  assert.equal(blog.status, 200);
  assert.equal(blog.type, 'application/json');
  assert.equal(blog.body.language, 'python');
  assert.match(String(blog.body.runtime), /^CPython 3\./);
  assert.equal((blog.body.posts as unknown[]).length, 2);
  assert.deepEqual((await get('/blog/posts/2')).body.post, { id: 2, title: 'NLB or ALB?', summary: 'L4 for ports and private links, L7 for paths.' });
  assert.equal((await get('/blog/posts/9')).status, 404);
  assert.deepEqual((await get('/health')).body, { status: 'ok' });
  assert.equal((await get('/webpage')).status, 404);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
