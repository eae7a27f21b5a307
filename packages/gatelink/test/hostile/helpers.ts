/**
 * Shared by the hostile-input tests: a gateway over a hand-built plan (as test/gateway/server.test.ts
 * does) in front of either an upstream double or the real ALB runtime with a raw target, raw-socket
 * clients that send exactly the bytes under test, and checks that nothing was left behind.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import pino from 'pino';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import { startGateway } from '../../src/gateway/index.js';
import type { ClientTimeouts, Gateway } from '../../src/gateway/server.js';
import { NetworkModel } from '../../src/network/index.js';
import type { Plan, RulePlan, SecurityGroupPlan } from '../../src/plan/types.js';
import type { ProxyRequest, ProxyResponse, RequestHandler } from '../../src/proxy/types.js';
import { FAST_TIMING, forward, healthCheck, listenerPlan, OPEN, rule, silentLogger, targetGroupPlan, waitFor } from '../elb/helpers.js';

export { waitFor } from '../elb/helpers.js';

export type After = { after(fn: () => Promise<void> | void): void };

const allOut = { ipProtocol: '-1', fromPort: 0, toPort: 65535, cidrIp: '0.0.0.0/0', declaredBy: 'x' };
function group(id: string, ingressFrom?: string): SecurityGroupPlan {
  return { id, physicalId: `sg-${id}`, description: id, ingress: ingressFrom ? [{ ipProtocol: 'tcp', fromPort: 80, toPort: 80, sourceSecurityGroupId: ingressFrom, declaredBy: id }] : [], egress: [allOut] };
}

/** Rules that match nothing the tests send, so every request's path and query go through the ALB's rule evaluation. */
const NEVER_MATCHING_RULES = [
  rule(10, [{ field: 'path-pattern', values: ['/never/*'] }], { type: 'fixed-response', statusCode: 418 }),
  rule(20, [{ field: 'query-string', values: [{ key: 'never', value: '*' }] }], { type: 'fixed-response', statusCode: 418 }),
] satisfies RulePlan[];

/** One HTTP API (`ANY /{proxy+}`, `GET /items/{id}`; stages `$default` and `prod`) → VPC link → ALB listener → target group `TG`. */
export function hostilePlan(timeoutMs = 30_000, albAttributes: Record<string, string> = {}): Plan {
  const route = (routeKey: string) => ({ id: routeKey, routeKey, method: routeKey.split(' ')[0] ?? '', path: routeKey.split(' ')[1], integrationId: 'S/Integration', authorizationType: 'NONE' as const, authorizationScopes: [] });
  return {
    region: 'us-west-2',
    accountId: '000000000000',
    stacks: [],
    httpApis: [
      {
        id: 'S/Api',
        apiId: 'abc123',
        name: 'api',
        routes: [route('ANY /{proxy+}'), route('GET /items/{id}')],
        integrations: [
          { id: 'S/Integration', type: 'HTTP_PROXY', method: 'ANY', connectionType: 'VPC_LINK', vpcLinkId: 'S/Link', target: { kind: 'listener', listenerId: 'Stack/Listener' }, payloadFormatVersion: '1.0', timeoutMs, requestParameters: {}, responseParameters: {} },
        ],
        stages: [
          { id: 'S/Default', name: '$default', autoDeploy: true, stageVariables: {}, defaultRouteSettings: {}, routeSettings: {} },
          { id: 'S/Prod', name: 'prod', autoDeploy: true, stageVariables: {}, defaultRouteSettings: {}, routeSettings: {} },
        ],
        authorizers: [],
        disableExecuteApiEndpoint: false,
      },
    ],
    vpcLinks: [{ id: 'S/Link', physicalId: 'link1', name: 'link', subnetIds: [], securityGroupIds: ['S/LinkSg'] }],
    restApis: [],
    restVpcLinks: [],
    apiKeys: [],
    usagePlans: [],
    loadBalancers: [
      { id: 'Stack/Alb', physicalId: 'arn:alb', name: 'alb', type: 'application', scheme: 'internal', securityGroupIds: ['S/AlbSg'], subnetIds: [], attributes: albAttributes, listeners: [listenerPlan({ defaultActions: [forward('TG')], rules: NEVER_MATCHING_RULES })] },
    ],
    targetGroups: [targetGroupPlan('TG', { healthCheck: healthCheck({ enabled: false }) })],
    securityGroups: [group('S/LinkSg'), group('S/AlbSg', 'S/LinkSg')],
    subnets: [],
    ecsServices: [],
    cloudMapNamespaces: [],
    cloudMapServices: [],
    tables: [],
    support: [],
  };
}

export interface HostileGateway {
  readonly gw: Gateway;
  readonly port: number;
  readonly url: string;
  /** Every log line the gateway wrote, parsed. */
  readonly logs: Record<string, unknown>[];
}

export interface GatewayOptions {
  readonly timeoutMs?: number;
  readonly clientTimeouts?: ClientTimeouts;
  /** Load-balancer attributes (e.g. `idle_timeout.timeout_seconds`). */
  readonly albAttributes?: Record<string, string>;
}

/** The gateway in front of `handler` (an upstream double standing in for the ALB). */
export async function gatewayWith(t: After, handler: RequestHandler, options: GatewayOptions = {}): Promise<HostileGateway> {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, done) => { logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } }));
  const plan = hostilePlan(options.timeoutMs);
  const gw = await startGateway({ plan, host: '127.0.0.1', port: 0, network: new NetworkModel(plan), logger, handlers: { listener: () => handler }, ...(options.clientTimeouts ? { clientTimeouts: options.clientTimeouts } : {}) });
  t.after(() => gw.close());
  return { gw, port: gw.port, url: gw.url, logs };
}

/** The gateway in front of the real ALB runtime, whose one target is 127.0.0.1:`targetPort`. */
export async function gatewayWithAlb(t: After, targetPort: number, options: GatewayOptions = {}): Promise<HostileGateway> {
  const alb = new LoadBalancerRuntime(hostilePlan(options.timeoutMs, options.albAttributes), { timing: FAST_TIMING, network: OPEN, logger: silentLogger() });
  alb.targetGroup('Stack/TG').register({ id: 'task-1', host: '127.0.0.1', port: targetPort });
  const gateway = await gatewayWith(t, alb.listener('Stack/Listener'), options);
  t.after(() => alb.close());
  return gateway;
}

/** An upstream double: records each request, reads its body, and answers 200 with what it saw. */
export interface UpstreamDouble extends RequestHandler {
  readonly seen: ProxyRequest[];
  /** Body bytes received so far, per request. */
  readonly received: number[];
}

export function upstreamDouble(respond?: (request: ProxyRequest) => Promise<ProxyResponse>): UpstreamDouble {
  const seen: ProxyRequest[] = [];
  const received: number[] = [];
  return {
    seen,
    received,
    async handle(request) {
      const index = seen.push(request) - 1;
      received[index] = 0;
      if (respond) return respond(request);
      for await (const chunk of request.body ?? []) received[index] = (received[index] ?? 0) + (chunk as Buffer).length;
      const body = JSON.stringify({ method: request.method, url: request.url, received: received[index] });
      return { statusCode: 200, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body: Readable.from([body]), origin: 'target' };
    },
  };
}

/** An empty 200 from the integration, for the `/still/ok` check of doubles that answer otherwise. */
export function emptyOk(): ProxyResponse {
  return { statusCode: 200, headers: {}, body: null, origin: 'target' };
}

/** What a raw client saw: every byte the gateway sent, and whether the gateway closed the connection. */
export interface RawExchange {
  readonly text: string;
  readonly status: number;
  readonly closedByServer: boolean;
}

/**
 * Writes `bytes` on a fresh TCP connection and collects the answer until the gateway closes the
 * connection (the expected end for every malformed request) or `idleMs` passes without it.
 */
export function rawExchange(port: number, bytes: string | Buffer, idleMs = 2_000): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const finish = (): void => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ text, status: statusOf(text), closedByServer });
    };
    const timer = setTimeout(() => socket.destroy(), idleMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => (closedByServer = true));
    // The gateway may reset a connection it refused while bytes were still arriving.
    socket.on('error', (error: NodeJS.ErrnoException) => (closedByServer ||= error.code === 'ECONNRESET'));
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** A raw connection the test drives step by step (slow or vanishing clients). */
export interface RawClient {
  readonly socket: net.Socket;
  /** Everything received so far. */
  text(): string;
  readonly closed: Promise<void>;
  isClosed(): boolean;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => { isClosed = true; resolve(); }));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, text: () => Buffer.concat(chunks).toString('latin1'), closed, isClosed: () => isClosed };
}

export function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1] ?? 0);
}

/** The body of a raw HTTP/1.1 response (everything after the head). */
export function bodyOf(text: string): string {
  const at = text.indexOf('\r\n\r\n');
  return at === -1 ? '' : text.slice(at + 4);
}

/** The gateway still answers a well-formed request on a new connection, and it reaches the upstream. */
export async function assertStillServes(gateway: HostileGateway, upstream?: UpstreamDouble): Promise<void> {
  const before = upstream?.seen.length ?? 0;
  const response = await getOnce(`${gateway.url}/still/ok`);
  assert.equal(response.status, 200, `the gateway serves the next good request: ${response.body}`);
  if (upstream) assert.equal(upstream.seen.length, before + 1);
}

/** A GET on its own connection (`Connection: close`), so no keep-alive socket outlives the test. */
export function getOnce(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** No client connection is left open on the gateway, and it never failed a request unexpectedly. */
export async function assertNothingLeftBehind(gateway: HostileGateway): Promise<void> {
  await waitFor(() => gateway.gw.openConnections() === 0, 3_000, 'the gateway to have no open client connections');
  const failures = gateway.logs.filter((line) => line.msg === 'gateway failed a request');
  assert.deepEqual(failures, [], 'no request failed with an unhandled error');
}

/** A raw TCP target: `onRequest` gets each connection once its first bytes arrive. Tracks open sockets. */
export interface RawTarget {
  readonly port: number;
  readonly sockets: Set<net.Socket>;
  /** Connections that have closed so far. */
  closedCount(): number;
}

export async function rawTarget(t: After, onRequest: (socket: net.Socket, head: string) => void): Promise<RawTarget> {
  const sockets = new Set<net.Socket>();
  let closed = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      sockets.delete(socket);
      closed += 1;
    });
    socket.once('data', (chunk: Buffer) => onRequest(socket, chunk.toString('latin1')));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, sockets, closedCount: () => closed };
}
