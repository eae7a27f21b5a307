/** `gatelink token`: dev tokens from the local issuer, verifiable with the issuer's published keys. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { parseClaims, runToken } from '../../src/cli/token-command.js';
import { isGatelinkError } from '../../src/errors.js';
import { LOCAL_ISSUER, LocalIssuer } from '../../src/issuer/local-issuer.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-token-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function mint(flags: Omit<Parameters<typeof runToken>[0], 'dataDir'>): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  assert.equal(await runToken({ ...flags, dataDir }, out), 0);
  return text.trim();
}

test('the token carries sub, scopes, audience, typed claims and the local issuer, and verifies with its JWKS', async () => {
  const token = await mint({ sub: 'alice', scope: ['books/read books/write'], aud: ['web'], claim: ['tier=3', 'name=Al'], expiresIn: '15m' });
  const issuer = await LocalIssuer.open(dataDir);
  const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), { issuer: LOCAL_ISSUER, audience: 'web' });
  assert.equal(payload.sub, 'alice');
  assert.equal(payload.scope, 'books/read books/write');
  assert.equal(payload.tier, 3);
  assert.equal(payload.name, 'Al');
  assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 900);
});

test('the published key set holds the public half only', async () => {
  const [key] = (await LocalIssuer.open(dataDir)).jwks().keys;
  assert.ok(key?.n);
  assert.equal(key.d, undefined);
});

test('a bad --expires-in or --claim is a clear configuration error', async () => {
  await assert.rejects(mint({ sub: 'a', expiresIn: 'forever' }), (error: unknown) => isGatelinkError(error) && error.code === 'GL_ERR_CONFIG_INVALID');
  assert.throws(() => parseClaims(['novalue']), (error: unknown) => isGatelinkError(error) && /name=value/.test(error.message));
});
