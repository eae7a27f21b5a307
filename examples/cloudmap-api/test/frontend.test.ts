/** The front end's server through fastify.inject: the page, /config.json, /health, security headers, no traversal. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildFrontEnd } from '../frontend/src/app.js';
import { loadStaticFiles } from '../frontend/src/static-files.js';

const API_URL = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/';

function frontEnd(t: { after(fn: () => void | Promise<void>): void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'frontend-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Movies</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  const app = buildFrontEnd({ apiUrl: API_URL, files: loadStaticFiles(dir) });
  t.after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return app;
}

test('GET / and app paths serve index.html, revalidated; assets are immutable with their type', async (t) => {
  const app = frontEnd(t);
  for (const url of ['/', '/index.html', '/movies/3']) {
    const page = await app.inject({ method: 'GET', url });
    assert.equal(page.statusCode, 200, url);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.match(page.body, /<title>Movies<\/title>/);
  }
  const script = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
  assert.equal(script.statusCode, 200);
  assert.match(script.headers['content-type'] as string, /^text\/javascript/);
  assert.match(script.headers['cache-control'] as string, /immutable/);
});

test('GET /config.json tells the page the HTTP API URL; the CSP lets it call that origin only', async (t) => {
  const app = frontEnd(t);
  const config = await app.inject({ method: 'GET', url: '/config.json' });
  assert.equal(config.statusCode, 200);
  assert.deepEqual(config.json(), { apiUrl: API_URL });
  assert.equal(config.headers['cache-control'], 'no-store');
  const csp = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
  assert.match(csp, /connect-src 'self' https:\/\/abc123defg\.execute-api\.eu-west-1\.amazonaws\.com;/);
  assert.match(csp, /default-src 'self'/);
});

test('a missing file is 404, and no path reaches outside the built page', async (t) => {
  const app = frontEnd(t);
  for (const url of ['/assets/missing.js', '/../package.json', '/%2e%2e/%2e%2e/etc/passwd.txt', '/..%2f..%2fetc%2fhosts.txt']) {
    const response = await app.inject({ method: 'GET', url });
    assert.ok(response.statusCode === 404 || (response.statusCode === 200 && response.body.includes('<title>Movies')), `${url}: ${response.statusCode}`);
    assert.ok(!response.body.includes('root:'), url);
  }
  assert.equal((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).json<{ status: string }>().status, 'ok');
});

test('loadStaticFiles refuses a folder without index.html (the page was not built)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'frontend-'));
  try {
    assert.throws(() => loadStaticFiles(dir), /has no index\.html: build the front end first/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
