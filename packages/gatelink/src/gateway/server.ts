/**
 * The HTTP API data plane: one `node:http` server for every HTTP API of the plan. Each request goes
 * through small named passes — limits → select API, stage and route → VPC link hop (security
 * groups) → forward to the integration's handler with its timeout → stream the answer back — and
 * every response carries `apigw-requestid`. AWS-generated errors come from GATEWAY_ERRORS.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { NetworkModel } from '../network/index.js';
import type { Plan } from '../plan/types.js';
import type { ProxyResponse } from '../proxy/types.js';
import { GATEWAY_ERROR_BODIES, GATEWAY_ERRORS, MAX_BODY_BYTES, MAX_HEADER_BYTES } from './errors.js';
import type { GatewayErrorName } from './errors.js';
import { requestHeadSize, responseHeadersForClient } from './headers.js';
import { IntegrationRouter } from './integration.js';
import type { IntegrationHandlers } from './integration.js';
import { newRequestId } from './request-id.js';
import { ApiSelector } from './select.js';
import { Throttles } from './throttle.js';

export interface AccessEvent {
  readonly requestId: string;
  readonly ip: string;
  readonly method: string;
  readonly path: string;
  readonly routeKey: string;
  readonly stage: string;
  readonly status: number;
  readonly responseLatencyMs: number;
  readonly error?: string;
}

export interface GatewayOptions {
  readonly plan: Plan;
  readonly host: string;
  readonly port: number;
  readonly network: NetworkModel;
  readonly logger: Logger;
  readonly handlers: IntegrationHandlers;
  readonly onAccess?: (event: AccessEvent) => void;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  routes(): { api: string; stage: string; routeKey: string; integration: string }[];
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const selectors = options.plan.httpApis.map((api) => new ApiSelector(api));
  const throttles = new Map(options.plan.httpApis.map((api) => [api.id, new Throttles(api)]));
  const router = new IntegrationRouter(options);
  const sockets = new Set<Socket>();
  const server = http.createServer({ maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    void handle(req, res, selectors, throttles, router, options).catch((error: unknown) => {
      options.logger.error({ err: error }, 'gateway failed a request');
      if (!res.headersSent) sendError(res, 'internalError', newRequestId());
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${port}`,
    port,
    routes: () =>
      selectors.flatMap((selector) =>
        selector.api.stages.flatMap((stage) =>
          selector.api.routes.map((route) => ({ api: selector.api.name, stage: stage.name, routeKey: route.routeKey, integration: route.integrationId ?? '(none)' })),
        ),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        // In-flight requests get a moment to finish; then every socket goes.
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2_000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, selectors: ApiSelector[], throttles: Map<string, Throttles>, router: IntegrationRouter, options: GatewayOptions): Promise<void> {
  const started = performance.now();
  const requestId = newRequestId();
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const access = (status: number, routeKey: string, stage: string, error?: string): void =>
    options.onAccess?.({ requestId, ip: req.socket.remoteAddress ?? '', method, path, routeKey, stage, status, responseLatencyMs: performance.now() - started, ...(error ? { error } : {}) });

  const limit = limitViolation(req, method, rawUrl);
  if (limit) {
    sendError(res, limit, requestId, true);
    return access(GATEWAY_ERRORS[limit].status, '-', '-', limit);
  }
  const selector = pickApi(selectors, req.headers.host);
  const selection = selector?.select(method, path);
  if (!selection?.integration) {
    sendError(res, 'notFound', requestId);
    return access(404, '-', selection?.stage.name ?? '-');
  }
  const routeKey = selection.match.route.routeKey;
  if (selector && throttles.get(selector.api.id)?.allow(selection.stage, routeKey) === false) {
    sendError(res, 'throttled', requestId);
    return access(429, routeKey, selection.stage.name, 'throttled');
  }
  const outcome = await router.forward(req, res, selection, requestId, rawUrl);
  if ('error' in outcome) {
    sendError(res, outcome.error, requestId);
    return access(GATEWAY_ERRORS[outcome.error].status, selection.match.route.routeKey, selection.stage.name, outcome.detail);
  }
  await sendUpstream(res, outcome.response, requestId);
  access(outcome.response.statusCode, selection.match.route.routeKey, selection.stage.name);
}

function limitViolation(req: IncomingMessage, method: string, url: string): GatewayErrorName | undefined {
  if (requestHeadSize(method, url, req.rawHeaders) > MAX_HEADER_BYTES) return 'headersTooLarge';
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_BODY_BYTES) return 'payloadTooLarge';
  return undefined;
}

function pickApi(selectors: ApiSelector[], host: string | undefined): ApiSelector | undefined {
  if (selectors.length <= 1 || !host) return selectors[0];
  const apiId = host.split('.', 1)[0];
  return selectors.find((selector) => selector.api.apiId === apiId) ?? selectors[0];
}

export function sendError(res: ServerResponse, name: GatewayErrorName, requestId: string, closeConnection = false): void {
  const body = GATEWAY_ERROR_BODIES[name];
  res.writeHead(GATEWAY_ERRORS[name].status, {
    'content-type': 'application/json',
    'content-length': body.length,
    'apigw-requestid': requestId,
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  res.end(body);
}

async function sendUpstream(res: ServerResponse, response: ProxyResponse, requestId: string): Promise<void> {
  res.writeHead(response.statusCode, responseHeadersForClient(response.headers, requestId));
  if (!response.body) {
    res.end();
    return;
  }
  try {
    await pipeline(response.body, res);
  } catch {
    // The client went away or the upstream broke mid-body: nothing more can be sent; pipeline cleaned up.
  }
}
