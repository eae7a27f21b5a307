/**
 * The HTTP API data plane: one `node:http` server for every HTTP API of the plan. Each request goes
 * through the passes of ./pipeline.ts; this file owns the listening socket and its lifecycle.
 */
import http from 'node:http';
import type { Logger } from 'pino';
import { listenTracked } from '../http/listen.js';
import type { LocalIssuer } from '../issuer/local-issuer.js';
import type { NetworkModel } from '../network/index.js';
import type { Plan } from '../plan/types.js';
import { IssuerKeys } from './auth/keys.js';
import { CompiledApi } from './compiled-api.js';
import { GATEWAY_ERROR_BODIES, GATEWAY_ERRORS } from './errors.js';
import { IntegrationRouter } from './integration.js';
import type { IntegrationHandlers } from './integration.js';
import { RequestPipeline, requestTarget } from './pipeline.js';
import { RestApis } from '../restapi/index.js';
import type { AwsEndpoints } from '../restapi/integrations/aws.js';
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
  /** How long a client may take to send its request; tests pass short ones. */
  readonly clientTimeouts?: ClientTimeouts;
  /** Local endpoints of the embedded engines, for REST API AWS integrations (`dynamodb`, `sqs`). */
  readonly awsEndpoints?: AwsEndpoints;
}

/**
 * Deadlines for slow clients (slowloris, a body that stops mid-way): past them the client gets
 * node's `408 Request Timeout` and the connection is closed, which aborts an integration request
 * already under way. AWS documents no client timeout for HTTP APIs; 30 s matches the longest
 * integration timeout, so no request could outlive it there either.
 */
export interface ClientTimeouts {
  /** The request line and headers must arrive within this of the request's first byte (node's `headersTimeout`). @default 30_000 */
  readonly headersMs: number;
  /** Then the body must have arrived within this much more (node's `requestTimeout` is `headersMs + bodyMs`). @default 30_000 */
  readonly bodyMs: number;
}

export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = { headersMs: 30_000, bodyMs: 30_000 };

export interface Gateway {
  readonly url: string;
  readonly port: number;
  routes(): { api: string; stage: string; routeKey: string; integration: string }[];
  /** Client connections open now (tests check none is left behind). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const apis = options.plan.httpApis.map((api) => new CompiledApi(api, options.accessLogFormat));
  const keys = new IssuerKeys(options.localIssuer ?? (() => Promise.reject(new Error('no local issuer in this gateway'))));
  const pipeline = new RequestPipeline({ apis, router: new IntegrationRouter(options), keys, accountId: options.plan.accountId, logger: options.logger, ...(options.onAccessLog ? { onAccessLog: options.onAccessLog } : {}) });
  // insecureHTTPParser is pinned off: `--insecure-http-parser` in NODE_OPTIONS would otherwise let
  // CL+TE, obs-fold and bare-LF requests through to the integration (test/hostile/request-smuggling).
  const serverOptions: http.ServerOptions = { insecureHTTPParser: false, maxHeaderSize: 64 * 1024, keepAliveTimeout: 65_000, ...clientDeadlines(options.clientTimeouts ?? DEFAULT_CLIENT_TIMEOUTS) };
  const rest = options.plan.restApis.length > 0 ? restApis(options, keys) : undefined;
  const server = http.createServer(serverOptions, (req, res) => {
    if (hasUnframedBody(req)) {
      rejectUnframed(res);
      return;
    }
    const target = rest?.claim(requestTarget(req.url ?? '/').url, requestTarget(req.url ?? '/').authority ?? req.headers.host);
    (target ? (rest as RestApis).handle(req, res, target) : pipeline.handle(req, res)).catch((error: unknown) => {
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
  const { port, sockets } = await listenTracked(server, options.port, options.host, 'the HTTP API gateway');
  return {
    url: `http://${options.host}:${port}`,
    port,
    routes: () => [
      ...apis.flatMap(({ api }) =>
        api.stages.flatMap((stage) =>
          api.routes.map((route) => ({ api: api.name, stage: stage.name, routeKey: route.routeKey, integration: route.integrationId ?? '(none)' })),
        ),
      ),
      ...(rest?.routes() ?? []),
    ],
    openConnections: () => sockets.size,
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

function restApis(options: GatewayOptions, keys: IssuerKeys): RestApis {
  return new RestApis({
    plan: options.plan,
    network: options.network,
    handlers: options.handlers,
    keys,
    logger: options.logger,
    ...(options.awsEndpoints ? { awsEndpoints: options.awsEndpoints } : {}),
    ...(options.accessLogFormat ? { accessLogFormat: options.accessLogFormat } : {}),
    ...(options.onAccessLog ? { onAccessLog: options.onAccessLog } : {}),
  });
}

/**
 * Node checks both deadlines on a timer (`connectionsCheckingInterval`, 30 s by default), so a
 * deadline could be overshot by that much; checking at a tenth of the shorter one keeps it close.
 */
function clientDeadlines(timeouts: ClientTimeouts): http.ServerOptions {
  const shortest = Math.min(timeouts.headersMs, timeouts.bodyMs);
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.headersMs + timeouts.bodyMs,
    connectionsCheckingInterval: Math.min(1_000, Math.max(10, Math.floor(shortest / 10))),
  };
}

/**
 * RFC 9112 §6.3 (4): a request whose Transfer-Encoding does not end in `chunked` has no reliable
 * length; the server MUST answer 400 and close. llhttp rejects `chunked, identity` while parsing the
 * head, but `Transfer-Encoding: xchunked` (or `gzip`, `identity`) only fails once body bytes arrive,
 * after the request has been handed to us, so without this screen the integration request would
 * already be under way with a body whose end nobody knows.
 */
function hasUnframedBody(req: http.IncomingMessage): boolean {
  const te = req.headers['transfer-encoding'];
  if (te === undefined) return false;
  const codings = te.split(',');
  return codings[codings.length - 1]?.trim().toLowerCase() !== 'chunked';
}

/** Answers as node's parser does for other smuggling shapes: an empty 400, then the connection closes. */
function rejectUnframed(res: http.ServerResponse): void {
  res.writeHead(400, { connection: 'close', 'content-length': 0, 'apigw-requestid': newRequestId() });
  res.end();
}
