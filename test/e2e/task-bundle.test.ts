/**
 * What a task gatelink starts has to load: the bundle `npm start` builds for book-service (each of
 * the four tasks of `gatelink up` loads it at every start, two per core), and the loader that runs
 * it with V8's code cache. Why each property holds is in scripts/build.mjs and
 * scripts/task-loader.mjs; this checks the build still delivers it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
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

test('a start saves V8’s code cache of the bundle, and it is valid for the next start', async (t) => {
  for (const file of readdirSync(dist)) if (file.endsWith('.cache')) rmSync(path.join(dist, file));
  const loader = readFileSync(path.join(dist, 'server.js'), 'utf8');
  const hash = /const BUNDLE_HASH = '([0-9a-f]{16})';/.exec(loader)?.[1];
  assert.ok(hash, 'the build writes the bundle’s hash into the loader');
  const db = await startTestDatabase('books');
  t.after(() => db.close());
  const task = spawn(process.execPath, ['dist/server.js'], {
    cwd: path.dirname(dist),
    env: { ...db.env, PATH: process.env.PATH, BOOKS_TABLE: 'books', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  t.after(() => task.kill('SIGKILL'));
  const cacheFile = path.join(dist, `server.bundle.cjs.${hash}.cache`);
  await eventually(() => readdirSync(dist).includes(path.basename(cacheFile)), 20_000, 'the code cache file');
  const script = new vm.Script(Module.wrap(bundle), { filename: bundleFile, cachedData: readFileSync(cacheFile) });
  assert.equal(script.cachedDataRejected, false, 'V8 accepts the saved cache for this bundle');
  assert.equal(readdirSync(dist).filter((file) => file.includes('.cache.')).length, 0, 'no partial cache file is left');
});

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i;
  return -1;
}
