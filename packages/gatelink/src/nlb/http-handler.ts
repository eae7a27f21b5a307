/**
 * An NLB listener as a `RequestHandler`, the interface an ALB listener offers: what an API Gateway
 * VPC-link integration (HTTP API `HttpNlbIntegration`, REST API v1 VPC links) calls. The request is
 * sent as HTTP/1.1 over a real TCP connection to the listener's socket, so it crosses the NLB as any
 * client's bytes do (flow hash, target health, security groups); the connection is recorded as the
 * VPC link's (its address and security groups) for the NLB to judge. Keep-alive connections are
 * pooled per source, as API Gateway reuses its connections.
 */
import type { Socket } from 'node:net';
import type { Dispatcher, Pool } from 'undici';
import PoolClass from 'undici/lib/dispatcher/pool.js';
import type { ConnectionOrigins } from '../network/origins.js';
import { forwardRequest } from '../proxy/forward.js';
import type { UpstreamFailure } from '../proxy/upstream-errors.js';
import type { HopFailure, ProxyRequest, ProxyResponse, RequestHandler } from '../proxy/types.js';
import { DEFAULT_IDLE_TIMEOUT_SECONDS } from './settings.js';

type Connector = (options: { hostname: string; port: string }, callback: (...args: [null, Socket] | [Error, null]) => void) => void;

export class NlbHttpHandler implements RequestHandler {
  private readonly pools = new Map<string, Pool>();

  constructor(
    /** Where the listener's socket is, and how it is named in explanations. */
    private readonly listener: { readonly port: () => number; readonly name: string },
    private readonly origins: ConnectionOrigins,
  ) {}

  async handle(request: ProxyRequest): Promise<ProxyResponse> {
    const outcome = await forwardRequest(this.poolFor(request), {
      method: request.method,
      path: request.url,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      // The NLB has no HTTP timeouts, only its idle timeout; the integration's own timeout comes first.
      headersTimeoutMs: DEFAULT_IDLE_TIMEOUT_SECONDS * 1000,
      bodyTimeoutMs: DEFAULT_IDLE_TIMEOUT_SECONDS * 1000,
    });
    return outcome.ok ? outcome.response : this.failed(outcome.failure);
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }

  private poolFor(request: ProxyRequest): Dispatcher {
    const key = `${request.sourceIp}|${[...request.sourceSecurityGroupIds].sort().join(',')}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      const origin = { address: request.sourceIp, securityGroupIds: request.sourceSecurityGroupIds, description: `VPC link (${request.sourceIp})` };
      const connect: Connector = (_options, callback) => {
        const socket = this.origins.connect('127.0.0.1', this.listener.port(), origin);
        socket.once('connect', () => callback(null, socket));
        socket.once('error', (error) => callback(error, null));
      };
      pool = new PoolClass(`http://127.0.0.1:${this.listener.port()}`, { pipelining: 1, connect: connect as never, allowH2: false });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** A connection the NLB reset or a target that went away: the calling gateway answers for it. */
  private failed(failure: UpstreamFailure): ProxyResponse {
    const kind: HopFailure['kind'] = failure.kind === 'response-timeout' || failure.kind === 'connect-timeout' ? 'timeout' : 'connect-failed';
    const explanation = `network load balancer listener ${this.listener.name}: the connection failed (${failure.code}: ${failure.message}); see the load balancer's log line for why it was reset`;
    return { statusCode: 502, headers: {}, body: null, origin: 'elb', failure: { kind, explanation }, explanation };
  }
}
