/**
 * Runs the REST API conformance app (../fixtures/rest-app.ts) the way `gatelink up --assembly` does,
 * with its echo backend in this process, and sends each case's request over a real socket. A case
 * names a REST API by `{api:<name>}` in its path or headers; the harness puts the API's id there.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadAssembly } from '../../src/assembly/index.js';
import { resolveUpOptions } from '../../src/cli/options.js';
import { Progress } from '../../src/cli/progress.js';
import { LocalIssuer } from '../../src/issuer/local-issuer.js';
import { buildPlan } from '../../src/plan/index.js';
import { startSystem } from '../../src/runtime/system.js';
import { startEcho } from '../fixtures/rest-echo.js';
import { synthRestApp } from '../fixtures/rest-app.js';
import type { Harness, Reply } from './harness.js';
import type { TokenSpec } from './types.js';

export async function startRestHarness(): Promise<Harness> {
  const root = mkdtempSync(path.join(tmpdir(), 'gatelink-rest-conformance-'));
  const echo = await startEcho();
  const outdir = path.join(root, 'cdk.out');
  synthRestApp({ outdir, echo: echo.url });
  const apiIds = new Map(buildPlan(await loadAssembly(outdir)).restApis.map((api) => [api.name, api.apiId]));
  const dataDir = path.join(root, 'data');
  const options = resolveUpOptions({ assembly: outdir, port: 0, adminPort: 0, dataDir }, {}, root);
  const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const system = await startSystem(options, { logger: pino({ level: 'silent' }), progress: new Progress(silent) });
  const issuer = await LocalIssuer.open(dataDir);
  const fill = (text: string): string => text.replace(/\{api:([^}]+)\}/g, (_all, name: string) => apiIds.get(name) ?? `unknown-api-${name}`);
  return {
    gateway: system.gatewayUrl,
    admin: system.adminUrl,
    accessLog: path.join(dataDir, 'logs', 'access.log'),
    send: async (c) => {
      const token = c.request.token ? await mint(issuer, c.request.token) : undefined;
      const headers = Object.fromEntries(Object.entries(c.request.headers ?? {}).map(([name, value]) => [name, fill(value)]));
      if (token) headers.authorization = c.request.token?.bare === false ? `Bearer ${token}` : token;
      const base = c.request.via === 'admin' ? system.adminUrl : system.gatewayUrl;
      const replies: Reply[] = [];
      for (let i = 0; i < (c.request.repeat ?? 1); i++) replies.push(await send(`${base}${fill(c.request.path)}`, c.request.method ?? 'GET', headers, c.request.body));
      return replies;
    },
    stop: async () => {
      await system.stop();
      await echo.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Cognito-style tokens from gatelink's local issuer (which stands in for the user pool). */
function mint(issuer: LocalIssuer, spec: TokenSpec): Promise<string> {
  return issuer.mint({ subject: spec.sub ?? 'alice', scopes: spec.scope ?? [], audience: spec.aud ?? ['rest-client'], expiresInSeconds: spec.expiresInSeconds ?? 3600, claims: { ...(spec.claims ?? {}) }, ...(spec.iss ? { issuer: spec.iss } : {}) });
}

function send(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
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
