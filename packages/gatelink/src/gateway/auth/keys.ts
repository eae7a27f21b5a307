/**
 * Where a JWT authorizer's verification keys come from: the issuer's OIDC discovery document names its
 * `jwks_uri`; keys are fetched with AWS's quotas (1,500 ms per fetch, 150,000-byte documents) and cached
 * (AWS caches public keys for two hours). gatelink's local issuer is answered without the network.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import type { JWTVerifyGetKey } from 'jose';
import { LOCAL_ISSUER } from '../../issuer/local-issuer.js';
import type { LocalIssuer } from '../../issuer/local-issuer.js';

const FETCH_TIMEOUT_MS = 1_500;
const MAX_DOCUMENT_BYTES = 150_000;
const KEY_CACHE_MS = 2 * 60 * 60 * 1_000;

export class IssuerKeys {
  private readonly byIssuer = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(private readonly localIssuer: () => Promise<LocalIssuer>) {}

  /** The key resolver for one issuer; a failed discovery is retried on the next request. */
  forIssuer(issuer: string): Promise<JWTVerifyGetKey> {
    let keys = this.byIssuer.get(issuer);
    if (!keys) {
      keys = this.resolve(issuer);
      this.byIssuer.set(issuer, keys);
      keys.catch(() => this.byIssuer.delete(issuer));
    }
    return keys;
  }

  private async resolve(issuer: string): Promise<JWTVerifyGetKey> {
    const { createLocalJWKSet, createRemoteJWKSet } = await import('jose');
    if (issuer.replace(/\/$/, '') === LOCAL_ISSUER) return createLocalJWKSet((await this.localIssuer()).jwks());
    const discovery = await fetchJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    const jwksUri = typeof discovery.jwks_uri === 'string' ? discovery.jwks_uri : undefined;
    if (!jwksUri) throw new Error(`the discovery document of ${issuer} has no jwks_uri`);
    return createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: FETCH_TIMEOUT_MS, cacheMaxAge: KEY_CACHE_MS, cooldownDuration: 30_000 });
  }
}

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES) throw new Error(`${url} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  return JSON.parse(text) as Record<string, unknown>;
}
