/**
 * Test helpers for the NLB tests: a plan with one NLB (and optionally an ALB behind it), raw TCP
 * targets that tag what they send back, and a client that reports what it read and how it ended.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import type { NetworkCheck } from '../../src/elb/network-check.js';
import { ConnectionOrigins } from '../../src/network/origins.js';
import { NetworkLoadBalancers } from '../../src/nlb/index.js';
import type { ListenerPlan, LoadBalancerPlan, Plan, TargetGroupPlan } from '../../src/plan/types.js';
import { FAST_TIMING, healthCheck, OPEN, planWith, silentLogger, targetGroupPlan } from '../elb/helpers.js';

export function nlbGroup(name: string, overrides: Partial<TargetGroupPlan> = {}): TargetGroupPlan {
  return targetGroupPlan(name, { protocol: 'TCP', healthCheck: healthCheck({ protocol: 'TCP', matcher: '200-399' }), deregistrationDelaySeconds: 1, ...overrides });
}

export function nlbListener(groups: string[], overrides: Partial<ListenerPlan> = {}): ListenerPlan {
  return {
    id: 'Stack/NlbListener',
    physicalId: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/net/nlb/1/2',
    loadBalancerId: 'Stack/Nlb',
    port: 80,
    protocol: 'TCP',
    defaultActions: [{ type: 'forward', targetGroups: groups.map((group) => ({ targetGroupId: `Stack/${group}`, weight: 1 })) }],
    rules: [],
    ...overrides,
  };
}

/** A plan with one NLB (listener forwarding to `groups`) plus whatever `base` holds (an ALB, its groups). */
export function nlbPlan(input: { listener: ListenerPlan; groups: TargetGroupPlan[]; securityGroupIds?: string[]; base?: Plan }): Plan {
  const base = input.base ?? planWith({ listeners: [] });
  const nlb: LoadBalancerPlan = {
    id: 'Stack/Nlb',
    physicalId: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/1',
    name: 'nlb',
    type: 'network',
    scheme: 'internal',
    securityGroupIds: input.securityGroupIds ?? [],
    subnetIds: [],
    listeners: [input.listener],
    attributes: {},
  };
  return { ...base, loadBalancers: [...base.loadBalancers, nlb], targetGroups: [...base.targetGroups, ...input.groups] };
}

export interface RunningNlb {
  readonly balancers: LoadBalancerRuntime;
  readonly nlbs: NetworkLoadBalancers;
  readonly origins: ConnectionOrigins;
  readonly port: number;
  close(): Promise<void>;
}

export async function startNlb(plan: Plan, options: { network?: NetworkCheck; logger?: Logger } = {}): Promise<RunningNlb> {
  const logger = options.logger ?? silentLogger();
  const network = Object.assign(Object.create(options.network ?? OPEN) as NetworkCheck, { canConnect: (options.network ?? OPEN).canConnect, addressOf: () => '10.0.0.99' });
  const balancers = new LoadBalancerRuntime(plan, { timing: FAST_TIMING, network, logger });
  const origins = new ConnectionOrigins();
  const nlbs = new NetworkLoadBalancers(plan, { balancers, network, origins, logger });
  const listener = nlbs.listeners()[0];
  if (!listener) throw new Error('no NLB listener in the plan');
  const port = await listener.listen('127.0.0.1', 0, 'test NLB');
  return {
    balancers,
    nlbs,
    origins,
    port,
    close: async () => {
      await nlbs.close();
      await balancers.close();
    },
  };
}

/** A TCP target: answers every chunk with `<name>:<chunk>` and remembers its connections. */
export interface TcpTarget {
  readonly name: string;
  readonly port: number;
  readonly connections: net.Socket[];
  close(): Promise<void>;
}

export async function startTcpTarget(name: string): Promise<TcpTarget> {
  const connections: net.Socket[] = [];
  const server = net.createServer((socket) => {
    connections.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from(`${name}:`), chunk])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends `payload` on a new connection and collects the reply until `bytes` arrived, the peer closed, or it was reset. */
export function exchange(port: number, payload: Buffer | string, bytes: number, timeoutMs = 2000): Promise<{ reply: Buffer; ended: 'complete' | 'reset' | 'closed' | 'timeout'; code?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (ended: 'complete' | 'reset' | 'closed' | 'timeout', code?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply: Buffer.concat(chunks), ended, ...(code ? { code } : {}) });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).length >= bytes) finish('complete');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNRESET' ? 'reset' : 'closed', error.code));
    socket.on('close', () => finish('closed'));
    socket.write(payload);
  });
}
