/**
 * gatelink's dev-only token issuer. An app whose JWT authorizer names LOCAL_ISSUER as its issuer gets
 * its keys from here instead of the network, and `gatelink token` mints tokens it accepts. The RSA
 * key lives in the data dir, so tokens stay valid across restarts and never leave the machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JWK, JSONWebKeySet } from 'jose';

/** The issuer URL an app points its authorizer at to accept `gatelink token` tokens. */
export const LOCAL_ISSUER = 'https://issuer.gatelink.local';
const KEY_FILE = path.join('issuer', 'signing-key.json');
const ALGORITHM = 'RS256';

export interface TokenRequest {
  readonly subject: string;
  readonly scopes: readonly string[];
  readonly audience: readonly string[];
  readonly clientId?: string;
  readonly expiresInSeconds: number;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly issuer?: string;
}

export class LocalIssuer {
  private constructor(private readonly privateJwk: JWK) {}

  /** Loads the data dir's key, creating it on first use (mode 0600). */
  static async open(dataDir: string): Promise<LocalIssuer> {
    const file = path.join(dataDir, KEY_FILE);
    if (existsSync(file)) return new LocalIssuer(JSON.parse(readFileSync(file, 'utf8')) as JWK);
    // Loaded here rather than at gatelink start: most apps have no JWT authorizer.
    const { exportJWK, generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `gatelink-${Date.now().toString(36)}`, alg: ALGORITHM, use: 'sig' };
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (gatelink up, gatelink token) created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return LocalIssuer.open(dataDir);
      throw error;
    }
    return new LocalIssuer(jwk);
  }

  /** The key id tokens carry in their header. */
  get keyId(): string {
    return this.privateJwk.kid ?? 'gatelink';
  }

  /** The public half, as the issuer's `jwks_uri` would serve it. */
  jwks(): JSONWebKeySet {
    const { kid, kty, n, e, alg, use } = this.privateJwk;
    return { keys: [{ kid, kty, n, e, alg, use } as JWK] };
  }

  async mint(request: TokenRequest): Promise<string> {
    const { importJWK, SignJWT } = await import('jose');
    const key = await importJWK(this.privateJwk, ALGORITHM);
    const payload: Record<string, unknown> = { ...request.claims };
    if (request.scopes.length > 0) payload.scope = request.scopes.join(' ');
    if (request.clientId) payload.client_id = request.clientId;
    payload.nbf ??= Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: ALGORITHM, kid: this.privateJwk.kid ?? 'gatelink', typ: 'JWT' })
      .setIssuer(request.issuer ?? LOCAL_ISSUER)
      .setSubject(request.subject)
      .setIssuedAt()
      .setExpirationTime(`${request.expiresInSeconds}s`);
    if (request.audience.length > 0) jwt.setAudience(request.audience.length === 1 ? (request.audience[0] as string) : [...request.audience]);
    return jwt.sign(key);
  }
}
