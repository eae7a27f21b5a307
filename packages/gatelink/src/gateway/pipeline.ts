/**
 * One request through the HTTP API, in the order API Gateway applies its features: quotas → API,
 * stage and route selection (a CORS preflight is answered here, before any route) → throttling →
 * the route's JWT authorizer → request parameter mapping → the integration (VPC link hop, timeout)
 * → response parameter mapping → CORS headers → the client. Every answer carries `apigw-requestid`
 * and ends in one access-log line rendered from the stage's format.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { authorizeJwt } from './auth/jwt.js';
import type { IssuerKeys } from './auth/keys.js';
import type { CompiledApi } from './compiled-api.js';
import { RequestContext } from './context.js';
import { GATEWAY_ERROR_BODIES, GATEWAY_ERRORS, MAX_BODY_BYTES, MAX_HEADER_BYTES } from './errors.js';
import type { GatewayErrorName } from './errors.js';
import { requestHeadSize, responseHeadersForClient } from './headers.js';
import type { ProxyResponse } from '../proxy/types.js';
import type { IntegrationRouter } from './integration.js';
import type { OutgoingRequest } from './mapping/request.js';
import { newRequestId } from './request-id.js';
import { endCapture, gatewayChannel, startCapture } from '../trace/channels.js';
import { gatewayEvent } from '../trace/gateway-event.js';
import type { Selection } from './select.js';

export interface AccessLogSink {
  (line: string, context: RequestContext): void;
}

export interface PipelineOptions {
  readonly apis: readonly CompiledApi[];
  readonly router: IntegrationRouter;
  readonly keys: IssuerKeys;
  readonly accountId: string;
  readonly logger: Logger;
  readonly onAccessLog?: AccessLogSink;
}

export class RequestPipeline {
  constructor(private readonly options: PipelineOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = requestTarget(req.url ?? '/');
    const rawUrl = target.url;
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const api = this.pickApi(target.authority ?? req.headers.host);
    const context = new RequestContext({ requestId: newRequestId(), apiId: api?.api.apiId ?? '-', accountId: this.options.accountId, req, path });
    const captured = startCapture(context.requestId);
    try {
      await this.run(req, res, api, context, rawUrl, path);
    } finally {
      const line = api ? api.accessLog(context.stage).render(context) : undefined;
      if (line !== undefined) this.options.onAccessLog?.(line, context);
      if (captured) {
        endCapture(context.requestId);
        gatewayChannel.publish(gatewayEvent(context, line));
      }
    }
  }

  private async run(req: IncomingMessage, res: ServerResponse, api: CompiledApi | undefined, context: RequestContext, rawUrl: string, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const limit = limitViolation(req, method, rawUrl);
    if (limit) return sendError(res, context, limit, { connection: 'close' });
    if (api?.cors?.isPreflight(method, req.headers)) return sendPreflight(res, context, api.cors.preflightHeaders(req.headers));
    const selection = api?.selector.select(method, path);
    if (selection) this.enter(context, selection);
    const policy = api?.cors;
    const cors = (headers: OutgoingHttpHeaders): OutgoingHttpHeaders => policy?.decorate(headers, req.headers.origin) ?? headers;
    if (!api || !selection?.integration) return sendError(res, context, 'notFound', cors({}));
    if (!api.throttles.allow(selection.stage, selection.match.route.routeKey)) return sendError(res, context, 'throttled', cors({}));

    // Most routes have no authorizer: no await (and its promise) for them.
    const denied = selection.match.route.authorizationType === 'NONE' ? undefined : await this.authorize(api, selection, req, rawUrl, context);
    if (denied) return sendError(res, context, denied.error, cors(denied.wwwAuthenticate ? { 'www-authenticate': denied.wwwAuthenticate } : {}));

    const integrationId = selection.integration.id;
    const mapping = api.requestMapping(integrationId);
    const prepare = mapping?.empty === false ? (outgoing: OutgoingRequest) => mapping.apply(outgoing, mappingView(req, rawUrl, path, selection, context)) : undefined;
    const integrationStarted = performance.now();
    const outcome = await this.options.router.forward(req, res, selection, context.requestId, rawUrl, prepare);
    context.integrationLatencyMs = performance.now() - integrationStarted;
    if ('error' in outcome) {
      context.integrationError = outcome.detail;
      return sendError(res, context, outcome.error, cors({}));
    }
    context.integrationStatus = outcome.response.statusCode;
    const mapped = api.responseMapping(integrationId)?.apply(outcome.response, context) ?? outcome.response;
    const headers = responseHeadersForClient(mapped.headers, context.requestId);
    const streaming = sendUpstream(res, context, mapped.statusCode, outcome.response, policy ? cors(headers) : headers);
    if (streaming) await streaming;
  }

  private enter(context: RequestContext, selection: Selection): void {
    context.stage = selection.stage.name;
    context.routeKey = selection.match.route.routeKey;
    context.pathParameters = selection.match.pathParameters;
    context.stageVariables = selection.stage.stageVariables;
  }

  private async authorize(api: CompiledApi, selection: Selection, req: IncomingMessage, rawUrl: string, context: RequestContext) {
    const route = selection.match.route;
    if (route.authorizationType === 'NONE') return undefined;
    const authorizer = route.authorizerId ? api.authorizers.get(route.authorizerId) : undefined;
    if (route.authorizationType !== 'JWT' || !authorizer) return this.unsupportedAuthorization(route, context);
    const read = (source: string): string | undefined => identityValue(source, req, rawUrl);
    const outcome = await authorizeJwt(authorizer, route, read, this.options.keys);
    if (outcome.allowed) {
      context.claims = outcome.claims;
      return undefined;
    }
    context.authorizerError = outcome.reason;
    this.options.logger.info({ requestId: context.requestId, route: route.routeKey, authorizer: authorizer.name }, `JWT authorizer denied the request (${outcome.error === 'forbidden' ? 403 : 401}): ${outcome.reason}`);
    return outcome;
  }

  /** IAM (SigV4) and Lambda authorizers are not emulated: deny rather than let requests through unchecked. */
  private unsupportedAuthorization(route: Selection['match']['route'], context: RequestContext) {
    const iam = route.authorizationType === 'AWS_IAM';
    const reason = iam ? 'AWS_IAM authorization (SigV4) is not verified locally; the route denies every request' : `${route.authorizationType} authorizers are not emulated; the route answers 500 as a failing authorizer would`;
    context.authorizerError = reason;
    this.options.logger.warn({ requestId: context.requestId, route: route.routeKey }, reason);
    return { error: iam ? ('forbidden' as const) : ('internalError' as const), wwwAuthenticate: '', reason };
  }

  private pickApi(host: string | undefined): CompiledApi | undefined {
    const apis = this.options.apis;
    if (apis.length <= 1 || !host) return apis[0];
    const apiId = host.split('.', 1)[0];
    return apis.find((api) => api.api.apiId === apiId) ?? apis[0];
  }
}

/**
 * RFC 9112 §3.2.2: a server MUST accept the absolute-form (`GET http://host/path HTTP/1.1`) and use
 * its authority instead of Host. Node leaves it in `req.url` as sent, so routes were matched against
 * `http:` as a first segment and the integration was sent the absolute URL; the request is routed
 * and forwarded by its origin-form (`/path?query`) instead.
 */
export function requestTarget(url: string): { url: string; authority?: string } {
  const absolute = /^https?:\/\/([^/?#]*)/i.exec(url);
  if (!absolute) return { url };
  const rest = url.slice(absolute[0].length);
  return { url: rest.startsWith('/') ? rest : `/${rest}`, authority: absolute[1] ?? '' };
}

/** What request parameter mappings read: built only for integrations that have mappings. */
function mappingView(req: IncomingMessage, rawUrl: string, path: string, selection: Selection, context: RequestContext) {
  const stage = selection.stage.name;
  return {
    headers: req.headers,
    get query() {
      return new URLSearchParams(rawUrl.slice(path.length + 1));
    },
    routePath: stage === '$default' ? path : path.slice(stage.length + 1) || '/',
    context,
  };
}

function identityValue(source: string, req: IncomingMessage, rawUrl: string): string | undefined {
  if (source.startsWith('$request.header.')) {
    const value = req.headers[source.slice('$request.header.'.length).toLowerCase()];
    return Array.isArray(value) ? value.join(',') : value;
  }
  if (source.startsWith('$request.querystring.')) {
    const queryAt = rawUrl.indexOf('?');
    return new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)).get(source.slice('$request.querystring.'.length)) ?? undefined;
  }
  return undefined;
}

function limitViolation(req: IncomingMessage, method: string, url: string): GatewayErrorName | undefined {
  if (requestHeadSize(method, url, req.rawHeaders) > MAX_HEADER_BYTES) return 'headersTooLarge';
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return 'payloadTooLarge';
  return undefined;
}

export function sendError(res: ServerResponse, context: RequestContext, name: GatewayErrorName, extra: OutgoingHttpHeaders = {}): void {
  const body = GATEWAY_ERROR_BODIES[name];
  const { status, message } = GATEWAY_ERRORS[name];
  context.status = status;
  context.responseLength = body.length;
  context.errorMessage = message;
  context.errorResponseType = name;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...extra, 'content-type': 'application/json', 'content-length': body.length, 'apigw-requestid': context.requestId });
  res.end(body);
}

function sendPreflight(res: ServerResponse, context: RequestContext, headers: OutgoingHttpHeaders): void {
  context.status = 204;
  res.writeHead(204, { ...headers, 'apigw-requestid': context.requestId });
  res.end();
}

/** Writes the integration's response; a promise only while a streamed body is still being sent. */
function sendUpstream(res: ServerResponse, context: RequestContext, statusCode: number, response: ProxyResponse, headers: OutgoingHttpHeaders): Promise<void> | undefined {
  context.status = statusCode;
  res.writeHead(statusCode, headers);
  const whole = response.wholeBody;
  if (whole !== undefined) {
    context.responseLength = whole.length;
    res.end(whole);
    return undefined;
  }
  const body = response.body;
  if (!body) {
    res.end();
    return undefined;
  }
  const length = Number(headers['content-length']);
  if (Number.isFinite(length)) context.responseLength = length;
  else body.on('data', (chunk: Buffer) => (context.responseLength += chunk.length));
  return streamBody(body, res);
}

/**
 * `body.pipe(res)` (back-pressure included) plus the two teardowns pipe() leaves out: an upstream
 * that breaks mid-body cuts the client's response, and a client that goes away stops the upstream.
 * Resolves when the response is over either way. Not `stream.pipeline`: it costs an AbortController
 * and its abort per response, ~10 % of the gateway's CPU under load.
 */
function streamBody(body: Readable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const onError = (): void => {
      res.destroy();
      finish();
    };
    const onClose = (): void => {
      if (!res.writableFinished) body.destroy();
      finish();
    };
    const finish = (): void => {
      body.off('error', onError);
      res.off('close', onClose);
      resolve();
    };
    body.once('error', onError);
    res.once('close', onClose);
    body.pipe(res);
  });
}
