/**
 * The console's routes on the admin port (an AdminExtension): the page at `/`, its assets, the live
 * stream, the request list and traces, the topology, and read-only data browsing. Everything is
 * GET: what the console changes (deploy, stop a task) goes through the admin API's own mutating
 * routes, with the token the page carries.
 */
import type { ServerResponse } from 'node:http';
import type { AdminExtension } from '../admin/server.js';
import type { RequestCollector } from '../trace/collector.js';
import type { ConsoleFiles } from './static-files.js';
import type { ConsoleStream } from './stream.js';
import type { TableBrowser } from './tables.js';
import type { Topology } from './topology-types.js';

export interface ConsoleRoutesDeps {
  readonly files: ConsoleFiles;
  readonly stream: ConsoleStream;
  readonly collector: RequestCollector;
  readonly topology: () => Topology;
  readonly tables?: TableBrowser;
  /** Queues (SQS) once the plan has them: depth and a peek. The console shows a placeholder until then. */
  readonly queues?: QueueBrowser;
}

export interface QueueBrowser {
  list(): Promise<readonly { readonly name: string; readonly visible: number; readonly inFlight: number; readonly delayed: number }[]>;
  peek(queue: string, max: number): Promise<readonly unknown[]>;
}

type Answer = readonly [number, unknown];

/** Content-Security-Policy of the page: its own scripts, styles and stream only; never framed (the deploy button must not be clickjacked). */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const REQUEST = /^\/v1\/console\/requests\/([^/]+)$/;
const TABLE = /^\/v1\/console\/tables\/([^/]+)\/(scan|item)$/;
const QUEUE = /^\/v1\/console\/queues\/([^/]+)\/peek$/;

export function consoleRoutes(deps: ConsoleRoutesDeps): AdminExtension {
  return async (req, res, { token }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const pathname = url.pathname;
    if (pathname === '/' || pathname === '/index.html') {
      const html = deps.files.index(token);
      res.writeHead(200, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(html) });
      res.end(req.method === 'HEAD' ? undefined : html);
      return true;
    }
    if (pathname.startsWith('/assets/')) return serveAsset(deps, pathname.slice('/assets/'.length), res);
    if (pathname === '/v1/console/stream') {
      deps.stream.open(res);
      return true;
    }
    if (!pathname.startsWith('/v1/console/')) return false;
    const [status, body] = await answer(deps, pathname, url.searchParams);
    json(res, status, body);
    return true;
  };
}

async function answer(deps: ConsoleRoutesDeps, pathname: string, query: URLSearchParams): Promise<Answer> {
  if (pathname === '/v1/console/topology') return [200, deps.topology()];
  if (pathname === '/v1/console/requests') {
    const found = deps.collector.buffer.query({ text: query.get('q') ?? undefined, status: query.get('status') ?? undefined, limit: Number(query.get('limit') ?? 200) || 200 });
    return [200, { capacity: deps.collector.buffer.capacity, size: deps.collector.buffer.size, requests: found.map((captured) => captured.summary()) }];
  }
  const request = REQUEST.exec(pathname);
  if (request) {
    const captured = deps.collector.buffer.get(decodeURIComponent(request[1] as string));
    return captured ? [200, captured.record()] : [404, { message: 'no such request among the most recent ones (the console keeps the last 1,000 while it is open)' }];
  }
  if (pathname === '/v1/console/tables') return [200, { tables: deps.tables?.list() ?? [] }];
  const table = TABLE.exec(pathname);
  if (table) return tableAnswer(deps.tables, decodeURIComponent(table[1] as string), table[2] as 'scan' | 'item', query);
  if (pathname === '/v1/console/queues') return [200, deps.queues ? { queues: await deps.queues.list() } : { queues: [], note: 'this system has no queues' }];
  const queue = QUEUE.exec(pathname);
  if (queue) return deps.queues ? [200, { messages: await deps.queues.peek(decodeURIComponent(queue[1] as string), 10) }] : [404, { message: 'this system has no queues' }];
  return [404, { message: `no console route GET ${pathname}` }];
}

async function tableAnswer(tables: TableBrowser | undefined, name: string, what: 'scan' | 'item', query: URLSearchParams): Promise<Answer> {
  if (!tables?.has(name)) return [404, { message: `no table ${name} in this system` }];
  if (what === 'scan') return [200, await tables.scan(name, Number(query.get('limit') ?? 25) || 25, query.get('start') ?? undefined)];
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(query.get('key') ?? '') as Record<string, unknown>;
  } catch {
    return [400, { message: 'key must be JSON, e.g. {"id": 1}' }];
  }
  const item = await tables.get(name, key);
  return item ? [200, { item }] : [404, { message: 'no item with that key' }];
}

function serveAsset(deps: ConsoleRoutesDeps, name: string, res: ServerResponse): boolean {
  const file = deps.files.asset(name);
  if (!file) return false;
  res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
  res.end(file.body);
  return true;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

