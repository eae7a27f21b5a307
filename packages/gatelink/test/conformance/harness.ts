/**
 * Runs the conformance app (../fixtures/edge-app.ts) the way `gatelink up --assembly` does — synthesized
 * with the real aws-cdk-lib constructs, planned, the echo task started natively — next to a remote OIDC
 * issuer on a free port, and sends each case's request over a real socket.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JWK } from 'jose';
import pino from 'pino';
import { resolveUpOptions } from '../../src/cli/options.js';
import { Progress } from '../../src/cli/progress.js';
import { LOCAL_ISSUER, LocalIssuer } from '../../src/issuer/local-issuer.js';
import { startSystem } from '../../src/runtime/system.js';
import { EDGE, synthEdgeApp } from '../fixtures/edge-app.js';
import type { ConformanceCase, TokenSpec } from './types.js';

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface Harness {
  readonly gateway: string;
  readonly admin: string;
  readonly accessLog: string;
  send(c: ConformanceCase): Promise<Reply[]>;
  stop(): Promise<void>;
}

/** Synthesizes the app a harness runs into `outdir`; the edge app's second authorizer trusts `remoteIssuer`. */
export type SynthApp = (outdir: string, remoteIssuer: string) => void;

export async function startHarness(synth: SynthApp = (outdir, remoteIssuer) => synthEdgeApp({ outdir, remoteIssuer })): Promise<Harness> {
  const root = mkdtempSync(path.join(tmpdir(), 'gatelink-conformance-'));
  const remote = await startRemoteIssuer();
  synth(path.join(root, 'cdk.out'), remote.issuer);
  const dataDir = path.join(root, 'data');
  const options = resolveUpOptions({ assembly: path.join(root, 'cdk.out'), port: 0, adminPort: 0, dataDir }, {}, root);
  const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const system = await startSystem(options, { logger: pino({ level: 'silent' }), progress: new Progress(silent) });
  const local = await LocalIssuer.open(dataDir);
  const mint = (spec: TokenSpec): Promise<string> => (spec.issuer === 'remote' ? remote.mint(spec) : mintLocal(local, spec));
  return {
    gateway: system.gatewayUrl,
    admin: system.adminUrl,
    accessLog: path.join(dataDir, 'logs', 'access.log'),
    send: async (c) => {
      const replies: Reply[] = [];
      const token = c.request.token ? await mint(c.request.token) : undefined;
      const base = c.request.via === 'admin' ? system.adminUrl : c.request.via === 'public' ? await publicUrl(system.adminUrl, c.request.publicListener ?? '') : system.gatewayUrl;
      const count = c.request.repeat ?? 1;
      if (c.request.concurrent) return Promise.all(Array.from({ length: count }, () => send(base, c, token)));
      for (let i = 0; i < count; i++) replies.push(await send(base, c, token));
      return replies;
    },
    stop: async () => {
      await system.stop();
      await remote.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Reads the access-log line of one request (by its apigw-requestid) as the JSON the stage format makes. */
export function accessLogEntry(file: string, requestId: string): Record<string, string> | undefined {
  const line = readFileSync(file, 'utf8').split('\n').find((entry) => entry.includes(requestId));
  return line ? (JSON.parse(line) as Record<string, string>) : undefined;
}

/** An internet-facing listener's host URL, as `/v1/status` lists it. */
async function publicUrl(admin: string, listener: string): Promise<string> {
  const status = (await (await fetch(`${admin}/v1/status`)).json()) as { loadBalancers?: { listeners: { name: string; url?: string }[] }[] };
  const url = status.loadBalancers?.flatMap((lb) => lb.listeners).find((candidate) => candidate.name === listener)?.url;
  if (url === undefined) throw new Error(`no internet-facing listener ${listener} in /v1/status`);
  return url.replace(/^tcp:/, 'http:');
}

function send(gateway: string, c: ConformanceCase, token: string | undefined): Promise<Reply> {
  const { method = 'GET', path: requestPath, headers = {}, body } = c.request;
  const auth = token ? { authorization: c.request.token?.bare ? token : `Bearer ${token}` } : {};
  return new Promise((resolve, reject) => {
    const req = http.request(`${gateway}${requestPath}`, { method, headers: { ...headers, ...auth }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function mintLocal(issuer: LocalIssuer, spec: TokenSpec): Promise<string> {
  if (spec.forged) {
    const { privateKey } = await generateKeyPair('RS256');
    return new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: issuer.keyId }).setIssuer(LOCAL_ISSUER).setAudience(EDGE.audience).setSubject('mallory').setIssuedAt().setExpirationTime('1h').sign(privateKey);
  }
  const claims: Record<string, unknown> = { ...(spec.claims ?? {}) };
  if (spec.scp) claims.scp = spec.scp;
  if (spec.notBeforeInSeconds !== undefined) claims.nbf = Math.floor(Date.now() / 1000) + spec.notBeforeInSeconds;
  return issuer.mint({
    subject: spec.sub ?? 'alice',
    scopes: spec.scope ?? [],
    audience: spec.aud ?? (spec.clientId ? [] : [EDGE.audience]),
    ...(spec.clientId ? { clientId: spec.clientId } : {}),
    expiresInSeconds: spec.expiresInSeconds ?? 3600,
    claims,
    ...(spec.iss ? { issuer: spec.iss } : {}),
  });
}

/** An OIDC provider reached over HTTP: discovery document, JWKS, and a minting function for tests. */
async function startRemoteIssuer(): Promise<{ issuer: string; mint(spec: TokenSpec): Promise<string>; close(): Promise<void> }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'remote-1', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = http.createServer((req, res) => {
    const body = req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/keys` } : req.url === '/keys' ? { keys: [publicJwk] } : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { message: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    mint: (spec) =>
      new SignJWT({ scope: (spec.scope ?? []).join(' ') })
        .setProtectedHeader({ alg: 'RS256', kid: 'remote-1' })
        .setIssuer(spec.iss ?? issuer)
        .setSubject(spec.sub ?? 'remote-user')
        .setAudience(spec.aud ?? [EDGE.audience])
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export { LOCAL_ISSUER };
