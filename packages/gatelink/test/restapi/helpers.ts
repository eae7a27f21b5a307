/** REST API unit-test helpers: plan a small CDK stack built with the real constructs, serve it, call it. */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import pino from 'pino';
import { loadAssembly } from '../../src/assembly/index.js';
import { startGateway } from '../../src/gateway/index.js';
import type { Gateway } from '../../src/gateway/index.js';
import type { IntegrationHandlers } from '../../src/gateway/integration.js';
import { NetworkModel } from '../../src/network/index.js';
import { buildPlan } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';

export async function planOf(build: (stack: Stack) => void): Promise<Plan> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'gatelink-rest-unit-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
    build(new Stack(app, 'UnitStack', { env: { account: '111111111111', region: 'eu-west-1' } }));
    app.synth();
    return buildPlan(await loadAssembly(outdir));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function serve(plan: Plan, options: { handlers?: IntegrationHandlers; awsEndpoints?: Record<string, string>; logger?: pino.Logger } = {}): Promise<Gateway> {
  const handlers: IntegrationHandlers = options.handlers ?? { listener: () => ({ handle: () => Promise.reject(new Error('no listener in this test')) }) };
  return startGateway({ plan, host: '127.0.0.1', port: 0, network: new NetworkModel(plan), logger: options.logger ?? pino({ level: 'silent' }), handlers, ...(options.awsEndpoints ? { awsEndpoints: options.awsEndpoints } : {}) });
}

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A backend that records each request and answers with `reply`. */
export async function recordingServer(reply: (req: http.IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body: string }): Promise<{ url: string; seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; raw: Buffer }[]; close(): Promise<void> }> {
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; raw: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, raw });
      const answer = reply(req, body);
      res.writeHead(answer.status, { 'content-type': 'text/xml', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, seen, close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
