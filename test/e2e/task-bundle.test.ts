/**
 * What a task gatelink starts has to load: the bundle `npm start` builds for book-service (each of
 * the four tasks of `gatelink up` loads it at every start, two per core), and the loader that runs
 * it with V8's code cache. Why each property holds is in scripts/build.mjs and
 * scripts/task-loader.mjs; this checks the build still delivers it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { before, test } from 'node:test';
import vm from 'node:vm';
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
  assert.doesNotMatch(bundle, /\bimport\(/, 'no import() is left: in code from the code cache it loses Node’s callback');
  assert.doesNotMatch(bundle, /node_modules\/@aws-sdk\/nested-clients\//);
  assert.match(bundle, /GetItemCommand/);
  assert.match(bundle, /cacheMiddleware:!0/, 'the client caches its resolved middleware stack');
  assert.match(bundle, /convertToAttr/, 'util-dynamodb’s item conversion is bundled too');
});

/** The bundle's content hash the build wrote into the loader, which names the cache file. */
function cacheFileOfBuild(): string {
  const hash = /const BUNDLE_HASH = '([0-9a-f]{16})';/.exec(readFileSync(path.join(dist, 'server.js'), 'utf8'))?.[1];
  assert.ok(hash, 'the build writes the bundle’s hash into the loader');
  return path.join(dist, `server.bundle.cjs.${hash}.cache`);
}

/** `node dist/server.js` as gatelink starts it, against a test database; resolves with its URL once it listens. */
async function startBookTask(t: { after: (fn: () => unknown) => void }): Promise<string> {
  const db = await startTestDatabase('books');
  t.after(() => db.close());
  const task = spawn(process.execPath, ['dist/server.js'], {
    cwd: path.dirname(dist),
    env: { ...db.env, PATH: process.env.PATH, BOOKS_TABLE: 'books', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  t.after(() => task.kill('SIGKILL'));
  let output = '';
  return new Promise<string>((resolve, reject) => {
    task.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    });
    task.once('exit', (code) => reject(new Error(`the task exited with ${code}: ${output}`)));
  });
}

const acceptedByV8 = (cacheFile: string): boolean =>
  new vm.Script(Module.wrap(bundle), { filename: bundleFile, cachedData: readFileSync(cacheFile) }).cachedDataRejected === false;

test('a start saves V8’s code cache of the bundle, and it is valid for the next start', async (t) => {
  for (const file of readdirSync(dist)) if (file.endsWith('.cache')) rmSync(path.join(dist, file));
  const cacheFile = cacheFileOfBuild();
  await startBookTask(t);
  await eventually(() => readdirSync(dist).includes(path.basename(cacheFile)), 20_000, 'the code cache file');
  assert.ok(acceptedByV8(cacheFile), 'V8 accepts the saved cache for this bundle');
  assert.equal(readdirSync(dist).filter((file) => file.includes('.cache.')).length, 0, 'no partial cache file is left');
});

test('a corrupt cache is not trusted: the task starts and serves, and the cache is saved again', async (t) => {
  const cacheFile = cacheFileOfBuild();
  writeFileSync(cacheFile, Buffer.alloc(4096, 7)); // a disk error, or a cache of another Node
  const url = await startBookTask(t);
  assert.equal((await fetch(`${url}/api/books/health`)).status, 200);
  await eventually(() => acceptedByV8(cacheFile), 20_000, 'a valid cache in place of the corrupt one');
});

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i;
  return -1;
}
