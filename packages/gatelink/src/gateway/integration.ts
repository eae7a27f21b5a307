/**
 * An HTTP_PROXY integration call: the VPC link hop (its security groups must reach the load
 * balancer's on the listener port), then the listener's handler with the integration timeout, the
 * 10 MB body quota enforced while streaming, and the client's disconnect propagated upstream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import type { Logger } from 'pino';
import type { NetworkModel } from '../network/index.js';
import type { IntegrationPlan, LoadBalancerPlan, ListenerPlan, Plan, VpcLinkPlan } from '../plan/types.js';
import { Cancellation } from '../proxy/cancellation.js';
import type { ProxyResponse, RequestHandler } from '../proxy/types.js';
import { MAX_BODY_BYTES } from './errors.js';
import type { GatewayErrorName } from './errors.js';
import { requestHeadersForIntegration } from './headers.js';
import type { OutgoingRequest } from './mapping/request.js';
import type { Selection } from './select.js';
import { API_GATEWAY_PUBLIC_ADDRESS, parseUrlTarget, urlTargetPath } from './url-target.js';
import type { UrlTarget } from './url-target.js';
import { isCaptured } from '../trace/channels.js';
import { publishLinkHop } from '../trace/hop-events.js';

/** Where integrations lead: a load balancer listener, or a Cloud Map service (its own hop checks). */
export interface IntegrationHandlers {
  listener(listenerId: string): RequestHandler;
  cloudMap?(serviceId: string, queryParameters: Readonly<Record<string, string>>): RequestHandler;
  /** The load balancer listener a DNS name and port stand for (URL integrations calling `http://<lb dns name>/…`). */
  loadBalancerAt?(host: string, port: number): { readonly handler: RequestHandler; readonly loadBalancer: LoadBalancerPlan; readonly listener: ListenerPlan } | undefined;
}

/** Rewrites what goes to the integration (parameter mapping); identity when absent. */
export type PrepareRequest = (outgoing: OutgoingRequest) => OutgoingRequest;

type ResolvedIntegration =
  | { readonly handler: RequestHandler; readonly host: string | undefined; readonly linkGroups: readonly string[]; readonly urlTarget?: UrlTarget }
  | { readonly error: GatewayErrorName; readonly detail: string };

export type ForwardOutcome = { readonly response: ProxyResponse } | { readonly error: GatewayErrorName; readonly detail: string };

interface ListenerTarget {
  readonly listener: ListenerPlan;
  readonly loadBalancer: LoadBalancerPlan;
  readonly host: string;
}

export class IntegrationRouter {
  private readonly listeners = new Map<string, ListenerTarget>();
  private readonly links: Map<string, VpcLinkPlan>;
  private readonly routes = new Map<string, ResolvedIntegration>();

  constructor(private readonly options: { plan: Plan; network: NetworkModel; logger: Logger; handlers: IntegrationHandlers }) {
    for (const lb of options.plan.loadBalancers) {
      for (const listener of lb.listeners) this.listeners.set(listener.id, { listener, loadBalancer: lb, host: dnsName(lb, options.plan.region) });
    }
    this.links = new Map(options.plan.vpcLinks.map((link) => [link.id, link]));
  }

  forward(req: IncomingMessage, res: ServerResponse, selection: Selection, requestId: string, rawUrl: string, prepare?: PrepareRequest): Promise<ForwardOutcome> {
    const integration = selection.integration as IntegrationPlan;
    let route = this.routes.get(integration.id);
    if (!route) {
      route = this.resolve(integration);
      this.routes.set(integration.id, route);
    }
    if ('error' in route) {
      if (route.error === 'internalError') this.options.logger.error({ requestId, integration: integration.id }, route.detail);
      else this.fail(route.error, requestId, route.detail);
      return Promise.resolve(route);
    }
    const url = route.urlTarget ? urlTargetPath(route.urlTarget, selection.match, rawUrl) : rawUrl;
    return this.call(req, res, integration, route.handler, { host: route.host, linkGroups: route.linkGroups, requestId, rawUrl: url, prepare });
  }

  /**
   * Where an integration leads, worked out once: its handler (one per integration, so pools and
   * Cloud Map state are shared by its requests) or the error every request gets. Security groups do
   * not change while gatelink runs, so the VPC link's verdict is part of it.
   */
  private resolve(integration: IntegrationPlan): ResolvedIntegration {
    const link = integration.vpcLinkId ? this.links.get(integration.vpcLinkId) : undefined;
    const linkGroups = link?.securityGroupIds ?? [];
    if (integration.target.kind === 'cloudmap' && this.options.handlers.cloudMap) {
      return { handler: this.options.handlers.cloudMap(integration.target.serviceId, integration.target.queryParameters), host: undefined, linkGroups };
    }
    if (integration.target.kind === 'url') {
      const resolved = this.resolveUrl(integration.target.url);
      if (resolved) return resolved;
    }
    if (integration.target.kind !== 'listener') {
      return { error: 'internalError', detail: `integration target ${integration.target.kind} is not emulated yet; answering 500 as API Gateway does for a misconfigured integration` };
    }
    const target = this.listeners.get(integration.target.listenerId);
    if (!target) return { error: 'serviceUnavailable', detail: `${integration.id} points at listener ${integration.target.listenerId}, which does not exist` };
    const verdict = this.options.network.canConnect(
      { securityGroupIds: linkGroups, description: `VPC link ${link?.name ?? '(none)'}` },
      { securityGroupIds: target.loadBalancer.securityGroupIds, port: target.listener.port, description: `load balancer ${target.loadBalancer.name}` },
    );
    if (!verdict.allowed) return { error: 'serviceUnavailable', detail: `blocked by a security group: ${verdict.explanation}. Fix: ${verdict.fix}` };
    return { handler: this.options.handlers.listener(target.listener.id), host: target.host, linkGroups };
  }

  /** A URL naming one of the app's load balancers by its DNS name: the public hop to its listener. */
  private resolveUrl(uri: string): ResolvedIntegration | undefined {
    const target = parseUrlTarget(uri);
    const found = target && this.options.handlers.loadBalancerAt?.(target.host, target.port);
    if (!target || !found) return undefined;
    const lb = found.loadBalancer;
    if (lb.scheme === 'internal') return { error: 'serviceUnavailable', detail: `${uri} names internal load balancer ${lb.name}, whose DNS name resolves to private addresses API Gateway cannot reach over the internet; use a VPC link` };
    const verdict = this.options.network.canConnect(
      { securityGroupIds: [], address: API_GATEWAY_PUBLIC_ADDRESS, description: 'API Gateway (internet)' },
      { securityGroupIds: lb.securityGroupIds, port: found.listener.port, description: `load balancer ${lb.name}` },
    );
    if (!verdict.allowed) return { error: 'serviceUnavailable', detail: `blocked by a security group: ${verdict.explanation}. Fix: ${verdict.fix}` };
    return { handler: found.handler, host: target.port === 80 || target.port === 443 ? target.host : `${target.host}:${target.port}`, linkGroups: [], urlTarget: target };
  }

  private async call(
    req: IncomingMessage,
    res: ServerResponse,
    integration: IntegrationPlan,
    handler: RequestHandler,
    hop: { host: string | undefined; linkGroups: readonly string[]; requestId: string; rawUrl: string; prepare: PrepareRequest | undefined },
  ): Promise<ForwardOutcome> {
    const { host, linkGroups, requestId, rawUrl, prepare } = hop;
    const cancellation = new Cancellation();
    const onClientGone = (): void => {
      if (!res.writableFinished) cancellation.abort(new Error('client closed the connection'));
    };
    res.once('close', onClientGone);
    let oversized = false;
    const body = hasBody(req) ? bodyFor(req, new BodyLimit(MAX_BODY_BYTES, () => { oversized = true; cancellation.abort(new Error('payload too large')); })) : null;
    const linkIp = this.options.network.addressOf(linkGroups) ?? '10.0.0.10';
    const timer = setTimeout(() => cancellation.abort(new Error('integration timeout')), integration.timeoutMs);
    const headers = requestHeadersForIntegration(req.headers, { host: host ?? String(req.headers.host ?? ''), clientIp: req.socket.remoteAddress ?? '127.0.0.1', linkIp, protocol: 'http' });
    const outgoing = prepare ? prepare({ url: rawUrl, headers }) : { url: rawUrl, headers };
    if (isCaptured(requestId)) publishLinkHop({ requestId, integration, sourceIp: linkIp, method: req.method ?? 'GET', url: outgoing.url, headers: outgoing.headers });
    try {
      let response: ProxyResponse | undefined;
      try {
        response = await handler.handle({
          method: req.method ?? 'GET',
          url: outgoing.url,
          headers: outgoing.headers,
          body,
          sourceIp: linkIp,
          sourcePort: 1024 + (Number.parseInt(requestId.slice(0, 3), 36) % 60_000),
          sourceSecurityGroupIds: linkGroups,
          signal: cancellation,
          requestId,
        });
      } catch (error) {
        // A body over the quota or a timeout aborts the hop; those have AWS's own answers below.
        if (!oversized && !cancellation.aborted) throw error;
      }
      if (oversized) return this.fail('payloadTooLarge', requestId, 'request body over 10 MB');
      if (cancellation.aborted && String(cancellation.reason).includes('timeout')) return this.fail('serviceUnavailable', requestId, `integration did not answer within ${integration.timeoutMs} ms`);
      if (!response) return this.fail('serviceUnavailable', requestId, 'the integration request was aborted');
      if (response.failure) return this.fail('serviceUnavailable', requestId, `${response.failure.explanation}${'fix' in response.failure ? `. Fix: ${response.failure.fix}` : ''}`);
      return { response };
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(error: GatewayErrorName, requestId: string, detail: string): ForwardOutcome {
    this.options.logger.warn({ requestId }, `HTTP API answers ${error === 'serviceUnavailable' ? '503 Service Unavailable' : error}: ${detail}`);
    return { error, detail };
  }
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * `req.pipe(limit)`, plus what pipe() leaves out (each gap found by test/hostile/):
 * - Going over 10 MB fails `limit` and unpipes it. A hop that already answered without reading the
 *   body (ALB fixed-response, redirect, no targets: `body.resume()`) listens for no 'error', and the
 *   unheard 'error' crashed the process; and `req`, left paused, pinned its socket open even after
 *   the client went. So the error is heard here and the rest of the body is read and dropped.
 * - A client gone mid-body left `limit` neither ended nor failed, so a hop reading the body before
 *   looking at `signal` waited forever. It is destroyed without an error (readers see a premature
 *   close) for the same unheard-'error' reason.
 * Not `stream.pipeline`: that would destroy `req`, and with it the socket the 413 still goes out on.
 */
function bodyFor(req: IncomingMessage, limit: BodyLimit): BodyLimit {
  limit.on('error', () => req.resume());
  req.once('close', () => {
    if (!req.complete) limit.destroy();
  });
  req.pipe(limit);
  // Whatever ends `limit` early (an aborted hop destroys it without an error), the rest of the body
  // is read and dropped: a paused `req` would never see the client's FIN. Registered after pipe(),
  // whose own 'close' handler unpipes and pauses `req` first.
  limit.once('close', () => req.resume());
  return limit;
}

/** Passes chunks through untouched, counting bytes; past the quota it stops the stream. */
class BodyLimit extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.onExceeded();
      callback(new Error('request body exceeds 10 MB'));
      return;
    }
    callback(null, chunk);
  }
}

/** The load balancer's DNS name, which API Gateway sends as Host to a listener integration. */
function dnsName(lb: LoadBalancerPlan, region: string): string {
  if (lb.dnsName !== undefined) return lb.dnsName;
  return `${lb.scheme === 'internal' ? 'internal-' : ''}${lb.name}.${region}.elb.amazonaws.com`;
}
