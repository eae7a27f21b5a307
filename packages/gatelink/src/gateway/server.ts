/**
 * The HTTP API data plane: one `node:http` server for every HTTP API of the plan. Each request goes
 * through the passes of ./pipeline.ts; this file owns the listening socket and its lifecycle.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { LocalIssuer } from '../issuer/local-issuer.js';
import type { NetworkModel } from '../network/index.js';
import type { Plan } from '../plan/types.js';
import { IssuerKeys } from './auth/keys.js';
import { CompiledApi } from './compiled-api.js';
import { GATEWAY_ERROR_BODIES, GATEWAY_ERRORS } from './errors.js';
import { IntegrationRouter } from './integration.js';
import type { IntegrationHandlers } from './integration.js';
import { RequestPipeline } from './pipeline.js';
import type { AccessLogSink } from './pipeline.js';
import { newRequestId } from './request-id.js';

export interface GatewayOptions {
  readonly plan: Plan;
  readonly host: string;
  readonly port: number;
  readonly network: NetworkModel;
  readonly logger: Logger;
  readonly handlers: IntegrationHandlers;
  /** Receives one rendered access-log line per request. */
  readonly onAccessLog?: AccessLogSink;
  /** Replaces every stage's access-log format (`--log-format`). */
  readonly accessLogFormat?: string;
  /** gatelink's dev token issuer, for authorizers that name it. */
  readonly localIssuer?: () => Promise<LocalIssuer>;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  routes(): { api: string; stage: string; routeKey: string; integration: string }[];
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const apis = options.plan.httpApis.map((api) => new CompiledApi(api, options.accessLogFormat));
  const keys = new IssuerKeys(options.localIssuer ?? (() => Promise.reject(new Error('no local issuer in this gateway'))));
  const pipeline = new RequestPipeline({ apis, router: new IntegrationRouter(options), keys, accountId: options.plan.accountId, logger: options.logger, ...(options.onAccessLog ? { onAccessLog: options.onAccessLog } : {}) });
  const sockets = new Set<Socket>();
  const server = http.createServer({ maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    pipeline.handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'gateway failed a request');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = GATEWAY_ERROR_BODIES.internalError;
      res.writeHead(GATEWAY_ERRORS.internalError.status, { 'content-type': 'application/json', 'content-length': body.length, 'apigw-requestid': newRequestId() });
      res.end(body);
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
      apis.flatMap(({ api }) =>
        api.stages.flatMap((stage) =>
          api.routes.map((route) => ({ api: api.name, stage: stage.name, routeKey: route.routeKey, integration: route.integrationId ?? '(none)' })),
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
