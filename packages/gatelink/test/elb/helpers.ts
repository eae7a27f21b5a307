/**
 * Test helpers for the ELB and proxy tests: plan builders, a fast timing profile, fake networks,
 * a switchable HTTP target, request builders and condition waits (no fixed sleeps).
 */
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';
import type { NetworkCheck } from '../../src/elb/network-check.js';
import type { ActionPlan, HealthCheckPlan, ListenerPlan, LoadBalancerPlan, Plan, RulePlan, TargetGroupPlan } from '../../src/plan/types.js';
import type { HeaderMap, ProxyRequest } from '../../src/proxy/types.js';
import type { TimingProfile } from '../../src/timing/profile.js';

/** Health checks every 25 ms (healthy targets too), timeouts of 150 ms, drains of at most 400 ms. */
export const FAST_TIMING: TimingProfile = {
  mode: 'local',
  healthCheckIntervalMs: () => 25,
  healthCheckSteadyIntervalMs: () => 25,
  healthCheckTimeoutMs: () => 150,
  deregistrationDelayMs: (seconds) => Math.min(seconds * 1000, 400),
  stopTimeoutMs: () => 100,
  restartBackoffMs: () => 0,
  unsignalledHealthyAfterMs: () => 300,
};

export const OPEN: NetworkCheck = { canConnect: () => ({ allowed: true }) };

/** Blocks connections to `port` from anywhere, with an explanation and a fix. */
export function blockingPort(port: number): NetworkCheck & { calls: { from: string; to: string; port: number }[] } {
  const calls: { from: string; to: string; port: number }[] = [];
  return {
    calls,
    canConnect(from, to) {
      calls.push({ from: from.description, to: to.description, port: to.port });
      if (to.port !== port) return { allowed: true };
      return { allowed: false, explanation: `sg-task has no ingress rule for tcp/${port} from sg-alb`, fix: 'add an ingress rule on sg-task for the ALB security group' };
    },
  };
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A logger that keeps every line as parsed JSON. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

export function healthCheck(overrides: Partial<HealthCheckPlan> = {}): HealthCheckPlan {
  return { enabled: true, protocol: 'HTTP', port: 'traffic-port', path: '/health', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2, matcher: '200', ...overrides };
}

export function targetGroupPlan(name: string, overrides: Partial<TargetGroupPlan> = {}): TargetGroupPlan {
  return {
    id: `Stack/${name}`,
    physicalId: `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${name}/0123456789abcdef`,
    name,
    port: 80,
    protocol: 'HTTP',
    targetType: 'ip',
    healthCheck: healthCheck(),
    deregistrationDelaySeconds: 300,
    algorithm: 'round_robin',
    slowStartSeconds: 0,
    attributes: {},
    ...overrides,
  };
}

export function forward(...groups: (string | [string, number])[]): ActionPlan {
  return { type: 'forward', targetGroups: groups.map((group) => (typeof group === 'string' ? { targetGroupId: `Stack/${group}`, weight: 1 } : { targetGroupId: `Stack/${group[0]}`, weight: group[1] })) };
}

export function rule(priority: number, conditions: RulePlan['conditions'], action: ActionPlan): RulePlan {
  return { id: `Stack/Rule${priority}`, priority, conditions, actions: [action] };
}

export function listenerPlan(overrides: Partial<ListenerPlan> = {}): ListenerPlan {
  return {
    id: 'Stack/Listener',
    physicalId: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/alb/1/2',
    loadBalancerId: 'Stack/Alb',
    port: 80,
    protocol: 'HTTP',
    defaultActions: [{ type: 'fixed-response', statusCode: 404, contentType: 'text/plain', messageBody: 'no rule' }],
    rules: [],
    ...overrides,
  };
}

export function planWith(input: { listeners?: ListenerPlan[]; targetGroups?: TargetGroupPlan[]; attributes?: Record<string, string> }): Plan {
  const alb: LoadBalancerPlan = {
    id: 'Stack/Alb',
    physicalId: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/alb/1',
    name: 'alb',
    type: 'application',
    scheme: 'internal',
    securityGroupIds: ['Stack/AlbSg'],
    subnetIds: [],
    listeners: input.listeners ?? [listenerPlan()],
    attributes: input.attributes ?? {},
  };
  return {
    region: 'us-east-1',
    accountId: '000000000000',
    stacks: [],
    httpApis: [],
    vpcLinks: [],
    restApis: [],
    restVpcLinks: [],
    apiKeys: [],
    usagePlans: [],
    loadBalancers: [alb],
    targetGroups: input.targetGroups ?? [],
    securityGroups: [],
    subnets: [],
    ecsServices: [],
    cloudMapNamespaces: [],
    cloudMapServices: [],
    tables: [],
    queues: [],
    support: [],
  };
}

export function proxyRequest(overrides: Partial<ProxyRequest> & { url?: string; headers?: HeaderMap } = {}): ProxyRequest {
  return {
    method: 'GET',
    url: '/',
    headers: { host: 'internal-alb.example.com' },
    body: null,
    sourceIp: '10.0.1.5',
    sourcePort: 50_000,
    sourceSecurityGroupIds: [],
    signal: new AbortController().signal,
    requestId: 'req-1',
    ...overrides,
  };
}

/** An HTTP target whose health endpoint answers `healthStatus`; other paths run `handler`. */
export interface TestTarget {
  readonly port: number;
  readonly server: http.Server;
  healthStatus: number;
  /** Health-check requests seen (method, url, headers, remote port). */
  readonly healthRequests: { url: string; headers: http.IncomingHttpHeaders; remotePort: number }[];
  close(): Promise<void>;
}

export async function startTarget(handler?: http.RequestListener): Promise<TestTarget> {
  const healthRequests: TestTarget['healthRequests'] = [];
  const target = { healthStatus: 200, healthRequests } as TestTarget & { healthStatus: number };
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      healthRequests.push({ url: req.url, headers: req.headers, remotePort: req.socket.remotePort ?? 0 });
      res.writeHead(target.healthStatus).end('ok');
      return;
    }
    if (handler) handler(req, res);
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello from ${(server.address() as AddressInfo).port}`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(target, {
    port: (server.address() as AddressInfo).port,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** Polls `predicate` until it holds; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The next `event` on `emitter` whose payload satisfies `match`; fails after `timeoutMs`. */
export function nextEvent<T>(emitter: EventEmitter, event: string, match: (payload: T) => boolean, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no matching '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(payload);
    };
    emitter.on(event, listener);
  });
}

export async function readBody(body: Readable | null): Promise<string> {
  if (body === null) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString();
}

/** Mulberry32: a small seeded PRNG so distribution tests are deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
