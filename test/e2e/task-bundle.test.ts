/**
 * What a task gatelink starts has to load: the bundle `npm start` builds for book-service (each of
 * the four tasks of `gatelink up` parses it at every start, two per core). Why each property holds
 * is in scripts/build.mjs; this checks the build still delivers it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { repoRoot } from './system.js';

let bundle = '';

before(() => {
  // `npm run typecheck` writes tsc's unbundled dist/server.js; the build puts the bundle back.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  bundle = readFileSync(path.join(repoRoot, 'services/book-service/dist/server.js'), 'utf8');
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
  assert.match(bundle, /import\("@aws-sdk\/credential-provider-ini"\)/);
  assert.doesNotMatch(bundle, /node_modules\/@aws-sdk\/nested-clients\//);
  assert.match(bundle, /GetItemCommand/);
  assert.match(bundle, /cacheMiddleware:!0/, 'the client caches its resolved middleware stack');
  assert.match(bundle, /convertToAttr/, 'util-dynamodb’s item conversion is bundled too');
});

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i;
  return -1;
}
