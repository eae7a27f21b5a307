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
import { guardRequest } from './guard.js';
import { newAdminToken } from './token-file.js';
import type { Status } from './status.js';

export interface AdminServer {
  readonly url: string;
  /** What mutating routes require in `x-gatelink-token` (./guard.ts). */
  readonly token: string;
  close(): Promise<void>;
}

/** More routes on the admin port (the console): handles the request and answers true, or false to pass. */
export type AdminExtension = (req: IncomingMessage, res: ServerResponse, context: { readonly token: string }) => boolean | Promise<boolean>;

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
  /** Stops one task as ECS StopTask does; the service launches its replacement. */
  readonly stopTask?: (service: string, taskId: string) => Promise<{ readonly taskId: string; readonly stoppedReason: string }>;
  /** The per-start token of mutating routes; made here when absent. */
  readonly token?: string;
  readonly extension?: AdminExtension;
}

export interface Readiness {
  readonly ready: boolean;
  readonly services: readonly { readonly name: string; readonly desiredCount: number; readonly healthyCount: number }[];
}

const DEPLOYMENTS = /^\/v1\/services\/([^/]+)\/deployments$/;
const QUEUE_MESSAGES = /^\/v1\/queues\/([^/]+)\/messages$/;
const STOP_TASK = /^\/v1\/services\/([^/]+)\/tasks\/([^/]+)\/stop$/;

export async function startAdminServer(options: AdminOptions): Promise<AdminServer> {
  const token = options.token ?? newAdminToken();
  let port = options.port;
  const server = http.createServer((req, res) => {
    const refusal = guardRequest(req, { token, listenHost: options.host, port });
    if (refusal) {
      req.resume();
      return send(res, refusal.status, { message: refusal.message });
    }
    handle(req, res, options, token).then(
      (answer) => answer && send(res, answer[0], answer[1]),
      (error: unknown) => send(res, 500, { message: `admin API error: ${error instanceof Error ? error.message : String(error)}` }),
    );
  });
  const listening = await listenTracked(server, options.port, options.host, 'the admin API');
  port = listening.port;
  const { sockets } = listening;
  return {
    url: `http://${options.host}:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The extension's routes first (it answers itself), then the API's own; undefined once answered. */
async function handle(req: IncomingMessage, res: ServerResponse, options: AdminOptions, token: string): Promise<[number, unknown] | undefined> {
  if (options.extension && (await options.extension(req, res, { token }))) return undefined;
  return route(req, options);
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
  const stop = STOP_TASK.exec(pathname);
  if (req.method === 'POST' && stop) {
    req.resume();
    if (!options.stopTask) return [501, { message: 'stopping tasks is not available in this system' }];
    try {
      return [202, await options.stopTask(decodeURIComponent(stop[1] as string), decodeURIComponent(stop[2] as string))];
    } catch (error) {
      if (!isGatelinkError(error)) throw error;
      return [404, { message: error.message, code: error.code, hint: error.hint, params: error.params }];
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
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  res.end(text);
}
