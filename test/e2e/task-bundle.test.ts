/**
 * What a task gatelink starts has to load: the bundle `npm start` builds for book-service (each of
 * the four tasks of `gatelink up` loads it at every start, two per core), and the loader that runs
 * it with Node's module compile cache. Why each property holds is in scripts/build.mjs and
 * scripts/task-loader.mjs; this checks the build still delivers it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { startTestDatabase } from '@gatelink/service-kit/testing';
import { eventually, repoRoot } from './system.js';

const dist = path.join(repoRoot, 'services/book-service/dist');
const bundleFile = path.join(dist, 'server.bundle.cjs');
let bundle = '';

before(() => {
  // `npm run typecheck` writes tsc's own dist/server.js; the build puts the loader back.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  bundle = readFileSync(bundleFile, 'utf8');
});

test('the task bundle is ASCII only (else V8 holds the whole source as UTF-16) and under 1 MB', () => {
  const at = firstNonAscii(bundle);
  assert.equal(at, -1, `non-ASCII at ${at}: ${JSON.stringify(bundle.slice(at - 60, at + 20))}`);
  assert.ok(bundle.length < 1_000_000, `${bundle.length} bytes`);
});

test('Fastify’s schema compilers stay in node_modules, loaded by the first validated request: no Ajv in the bundle', () => {
  assert.doesNotMatch(bundle, /node_modules\/[^"]*\/ajv\/dist\//);
  assert.doesNotMatch(bundle, /node_modules\/fast-json-stringify\/index\.js/);
  assert.match(bundle, /require\("@fastify\/ajv-compiler"\)/, 'Fastify’s own (unused) reference is left to node_modules');
});

test('credential sources the SDK imports on demand stay in node_modules; the DynamoDB client is bundled', () => {
  assert.match(bundle, /require\("@aws-sdk\/credential-provider-ini"\)/);
  assert.doesNotMatch(bundle, /\bimport\(/, 'no import() is left: the build turns each into require()');
  assert.doesNotMatch(bundle, /node_modules\/@aws-sdk\/nested-clients\//);
  assert.match(bundle, /GetItemCommand/);
  assert.match(bundle, /cacheMiddleware:!0/, 'the client caches its resolved middleware stack');
  assert.match(bundle, /convertToAttr/, 'util-dynamodb’s item conversion is bundled too');
});

const cacheDir = path.join(dist, '.compile-cache');

/** The compile cache's file for the bundle (Node names it by a hash of the path, in a folder per Node version). */
function cacheFiles(): string[] {
  try {
    return readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.includes('.')).map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/**
 * `node dist/server.js` as gatelink starts it, against a test database; resolves with its URL once it
 * listens, and what Node's compile cache said about the bundle (NODE_DEBUG_NATIVE=COMPILE_CACHE).
 */
async function startBookTask(t: { after: (fn: () => unknown) => void }): Promise<{ url: string; cacheLog: () => string }> {
  const db = await startTestDatabase('books');
  t.after(() => db.close());
  const task = spawn(process.execPath, ['dist/server.js'], {
    cwd: path.dirname(dist),
    env: { ...db.env, PATH: process.env.PATH, BOOKS_TABLE: 'books', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => task.kill('SIGKILL'));
  let output = '';
  let cacheLog = '';
  task.stderr.on('data', (chunk: Buffer) => (cacheLog += chunk.toString()));
  const bundleLines = (): string => cacheLog.split('\n').filter((line) => line.includes('server.bundle.cjs')).join('\n');
  return new Promise((resolve, reject) => {
    task.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening?.[1]) resolve({ url: listening[1], cacheLog: bundleLines });
    });
    task.once('exit', (code) => reject(new Error(`the task exited with ${code}: ${output}`)));
  });
}

test('a start writes Node’s compile cache of the bundle, and the next start reads it', async (t) => {
  rmSync(cacheDir, { recursive: true, force: true });
  await startBookTask(t);
  await eventually(() => cacheFiles().length > 0, 20_000, 'the compile cache file');
  const second = await startBookTask(t);
  assert.match(second.cacheLog(), /server\.bundle\.cjs was accepted/, 'the second start used the cache');
});

test('a corrupt cache is not trusted: the task starts and serves, and the cache is written again', async (t) => {
  if (cacheFiles().length === 0) await startBookTask(t);
  await eventually(() => cacheFiles().length > 0, 20_000, 'a compile cache file');
  const [cacheFile = ''] = cacheFiles();
  const garbage = Buffer.alloc(4096, 7); // a disk error
  writeFileSync(cacheFile, garbage);
  const { url } = await startBookTask(t);
  assert.equal((await fetch(`${url}/api/books/health`)).status, 200);
  await eventually(() => cacheFiles().length > 0 && !readFileSync(cacheFiles()[0] ?? '').equals(garbage), 20_000, 'a new cache in place of the corrupt one');
  const next = await startBookTask(t);
  assert.match(next.cacheLog(), /server\.bundle\.cjs was accepted/);
});

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i;
  return -1;
}
