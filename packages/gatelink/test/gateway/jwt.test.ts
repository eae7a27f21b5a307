/**
 * JWT authorizer checks in isolation, with tokens from gatelink's local issuer:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { authorizeJwt } from '../../src/gateway/auth/jwt.js';
import { IssuerKeys } from '../../src/gateway/auth/keys.js';
import { LOCAL_ISSUER, LocalIssuer } from '../../src/issuer/local-issuer.js';
import type { AuthorizerPlan, RoutePlan } from '../../src/plan/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-jwt-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const issuer = LocalIssuer.open(dir);
const keys = new IssuerKeys(() => issuer);
const authorizer: AuthorizerPlan = { id: 'A', name: 'jwt', type: 'JWT', identitySource: ['$request.querystring.token'], issuer: LOCAL_ISSUER, audience: ['app'] };
const route = (scopes: string[] = []): RoutePlan => ({ id: 'R', routeKey: 'GET /x', method: 'GET', path: '/x', authorizationType: 'JWT', authorizerId: 'A', authorizationScopes: scopes });
const mint = async (extra: Partial<Parameters<LocalIssuer['mint']>[0]> = {}) =>
  (await issuer).mint({ subject: 'u1', scopes: [], audience: ['app'], expiresInSeconds: 60, claims: {}, ...extra });
const from = (token: string | undefined) => (source: string) => (source === '$request.querystring.token' ? token : undefined);

test('the identity source may be a query string; claims come back on success', async () => {
  const outcome = await authorizeJwt(authorizer, route(), from(await mint()), keys);
  assert.equal(outcome.allowed, true);
  assert.equal(outcome.allowed && outcome.claims.sub, 'u1');
});

test('an empty identity source is a 401 with a bare Bearer challenge', async () => {
  const outcome = await authorizeJwt(authorizer, route(), from('  '), keys);
  assert.deepEqual(outcome.allowed ? undefined : [outcome.error, outcome.wwwAuthenticate], ['unauthorized', 'Bearer']);
});

test('aud wins over client_id; client_id counts only without aud', async () => {
  const withBoth = await authorizeJwt(authorizer, route(), from(await mint({ audience: ['other'], clientId: 'app' })), keys);
  const clientOnly = await authorizeJwt(authorizer, route(), from(await mint({ audience: [], clientId: 'app' })), keys);
  assert.equal(withBoth.allowed, false);
  assert.equal(clientOnly.allowed, true);
});

test('one of several audiences is enough', async () => {
  assert.equal((await authorizeJwt(authorizer, route(), from(await mint({ audience: ['x', 'app'] })), keys)).allowed, true);
});

test('scopes: 403 with insufficient_scope and the route scopes in the challenge', async () => {
  const outcome = await authorizeJwt(authorizer, route(['read', 'admin']), from(await mint({ scopes: ['write'] })), keys);
  assert.equal(outcome.allowed, false);
  if (!outcome.allowed) {
    assert.equal(outcome.error, 'forbidden');
    assert.match(outcome.wwwAuthenticate, /^Bearer scope="read admin" error="insufficient_scope"/);
  }
});

test('an issuer whose discovery cannot be fetched denies with 401, and the header stays printable ASCII', async () => {
  const unreachable: AuthorizerPlan = { ...authorizer, issuer: 'http://127.0.0.1:1' };
  const outcome = await authorizeJwt(unreachable, route(), from(await mint()), keys);
  assert.equal(outcome.allowed, false);
  if (!outcome.allowed) {
    assert.equal(outcome.error, 'unauthorized');
    assert.match(outcome.wwwAuthenticate, /^[\x20-\x7e]+$/);
    assert.match(outcome.reason, /could not be fetched/);
  }
});

test('the local issuer key is created once and reused across opens', async () => {
  const again = await LocalIssuer.open(dir);
  assert.equal(again.keyId, (await issuer).keyId);
});
