/**
 * The admin API (127.0.0.1:8090 by default): status for humans (`gatelink status`) and tests, and
 * deployments (`gatelink deploy`). It never shares a port with the gateway, so admin traffic can't be
 * confused with API traffic. A few routes on node:http: a web framework would cost ~0.2 s of every
 * start, while the tasks it waits for are booting on the same cores.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeploymentRecord } from '../ecs/deployment.js';
import { isGatelinkError } from '../errors.js';
import { listenTracked } from '../http/listen.js';
import type { Status } from './status.js';

export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface AdminOptions {
  readonly host: string;
  readonly port: number;
  readonly status: () => Status;
  /** Whether every service runs its desired count of healthy tasks (`GET /v1/ready`); cheap enough to poll. */
  readonly readiness?: () => Readiness;
  /** Starts a rolling deployment of a service (`gatelink deploy`). */
  readonly deploy?: (service: string, cause: string) => Promise<DeploymentRecord>;
  /** Called before each status answer, for figures read asynchronously (queue counts). */
  readonly beforeStatus?: () => Promise<void>;
  /** Messages of a queue, not consumed (`gatelink queues peek`); undefined for an unknown queue. */
  readonly peek?: (queue: string, limit: number) => Promise<readonly unknown[] | undefined>;
}

export interface Readiness {
  readonly ready: boolean;
  readonly services: readonly { readonly name: string; readonly desiredCount: number; readonly healthyCount: number }[];
}

const DEPLOYMENTS = /^\/v1\/services\/([^/]+)\/deployments$/;
const QUEUE_MESSAGES = /^\/v1\/queues\/([^/]+)\/messages$/;

export async function startAdminServer(options: AdminOptions): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    route(req, options).then(
      ([status, body]) => send(res, status, body),
      (error: unknown) => send(res, 500, { message: `admin API error: ${error instanceof Error ? error.message : String(error)}` }),
    );
  });
  const { port, sockets } = await listenTracked(server, options.port, options.host, 'the admin API');
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function route(req: IncomingMessage, options: AdminOptions): Promise<[number, unknown]> {
  const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
  if (req.method === 'GET' && pathname === '/v1/status') {
    await options.beforeStatus?.();
    return [200, options.status()];
  }
  const queue = QUEUE_MESSAGES.exec(pathname);
  if (req.method === 'GET' && queue) return peek(req, decodeURIComponent(queue[1] as string), options);
  if (req.method === 'GET' && pathname === '/v1/health') return [200, { status: 'ok' }];
  if (req.method === 'GET' && pathname === '/v1/ready') {
    if (!options.readiness) return [501, { message: 'readiness is not available in this system' }];
    const readiness = options.readiness();
    // 503 until ready, so `curl --fail` and load-balancer-style probes can wait on it.
    return [readiness.ready ? 200 : 503, readiness];
  }
  const deployment = DEPLOYMENTS.exec(pathname);
  if (req.method === 'POST' && deployment) {
    req.resume();
    if (!options.deploy) return [501, { message: 'deployments are not available in this system' }];
    try {
      return [201, await options.deploy(decodeURIComponent(deployment[1] as string), 'gatelink deploy')];
    } catch (error) {
      if (!isGatelinkError(error)) throw error;
      const status = error.code === 'GL_ERR_DEPLOY_UNKNOWN_SERVICE' ? 404 : 422;
      return [status, { message: error.message, code: error.code, hint: error.hint, params: error.params }];
    }
  }
  return [404, { message: `no admin route ${req.method ?? ''} ${req.url ?? ''}` }];
}

async function peek(req: IncomingMessage, queue: string, options: AdminOptions): Promise<[number, unknown]> {
  if (!options.peek) return [404, { message: 'this system has no queues' }];
  const limit = Math.min(Math.max(Number(new URL(req.url ?? '/', 'http://admin').searchParams.get('limit') ?? 10) || 10, 1), 1000);
  const messages = await options.peek(queue, limit);
  return messages ? [200, { queue, messages }] : [404, { message: `no queue named ${queue}` }];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
