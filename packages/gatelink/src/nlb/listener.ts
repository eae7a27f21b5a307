/**
 * One Network Load Balancer listener: a TCP socket whose connections are forwarded byte for byte
 * to one target each, chosen by flow hash and kept for the connection's life. What the NLB does not
 * carry it resets (RST): no registered target, a security group that drops the flow (AWS: the SYN is
 * dropped and the client times out; locally the reset is at once, and logged with the fix), a target
 * that refuses. TLS listeners are served as TCP: the local socket speaks plain TCP, no certificate.
 * A target that is an ALB listener of this same process is not dialled: the client's socket is handed
 * to the ALB's HTTP server (what a second loopback connection and two pipes would carry unchanged),
 * after the same choice of target, the same security-group verdict, and counted as the same flow.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html
 */
import net from 'node:net';
import type { Logger } from 'pino';
import type { NetworkCheck } from '../elb/network-check.js';
import type { TargetGroupRuntime } from '../elb/target-group.js';
import type { TargetEntry } from '../elb/target.js';
import { GatelinkError } from '../errors.js';
import type { ConnectionOrigin, ConnectionOrigins } from '../network/origins.js';
import type { ListenerPlan, LoadBalancerPlan } from '../plan/types.js';
import { FlowTable, resetSocket } from './connections.js';
import { flowHash } from './flow-hash.js';
import { NlbMetrics } from './metrics.js';
import { idleTimeoutMs, nlbTargetGroupSettings } from './settings.js';

export interface NlbListenerDeps {
  readonly loadBalancer: LoadBalancerPlan;
  readonly targetGroup: (id: string) => TargetGroupRuntime;
  readonly network: NetworkCheck;
  readonly origins: ConnectionOrigins;
  /** The NLB's private address: the source its targets see without client IP preservation. */
  readonly address: string;
  readonly logger: Logger;
  /** The in-process ALB listener a target's address stands for, if any (its connections are handed over, not dialled). */
  readonly inProcess?: (registration: { readonly host: string; readonly port: number }) => ConnectionAdopter | undefined;
}

/** A listener of this process that serves a connection another hop accepted (an ALB's `ListenerSocket`). */
export interface ConnectionAdopter {
  adopt(socket: net.Socket, origin: ConnectionOrigin): boolean;
}

export class NlbListener {
  readonly metrics = new NlbMetrics();
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly flows = new FlowTable();
  private readonly groups: readonly { readonly group: TargetGroupRuntime; readonly weight: number }[];
  private readonly idleMs: number;
  private readonly log: Logger;
  private readonly unsubscribe: (() => void)[] = [];
  private boundPort = 0;

  constructor(
    readonly plan: ListenerPlan,
    private readonly deps: NlbListenerDeps,
  ) {
    this.log = deps.logger.child({ listener: plan.id });
    this.idleMs = idleTimeoutMs(plan);
    this.groups = plan.defaultActions.flatMap((action) => (action.type === 'forward' ? action.targetGroups.map((entry) => ({ group: deps.targetGroup(entry.targetGroupId), weight: entry.weight })) : []));
    if (plan.protocol === 'UDP' || plan.protocol === 'TCP_UDP') this.log.warn({ protocol: plan.protocol }, 'UDP listeners are not served locally: only TCP flows are forwarded');
    for (const { group } of this.groups) this.watchTerminations(group);
    // No Nagle on either side: a proxy that batches small writes adds a delayed-ACK wait (~40 ms) to every exchange.
    // Half-open allowed both ways: a client's FIN is passed on and the target's answer still comes back, as through AWS's NLB.
    this.server = net.createServer({ pauseOnConnect: true, noDelay: true, allowHalfOpen: true }, (socket) => void this.accept(socket));
    this.server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** The local port, once listening. */
  get port(): number {
    return this.boundPort;
  }

  get name(): string {
    return `${this.deps.loadBalancer.name}:${this.plan.port}`;
  }

  /** Open client connections (status, tests). */
  openConnections(): number {
    return this.flows.count();
  }

  async listen(host: string, port: number, what: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new GatelinkError('GL_ERR_PORT_IN_USE', { port, host, what }, { cause: error }) : error));
      this.server.listen(port, host, () => resolve());
    });
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  /** Stops accepting and resets what is still open. */
  close(): Promise<void> {
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.flows.resetAll();
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async accept(client: net.Socket): Promise<void> {
    client.on('error', () => undefined);
    const origin = (await this.deps.origins.originOf(client)) ?? external(client);
    const refused = this.screen(origin);
    if (refused !== undefined) return this.refuse(client, refused.message, refused.fix);
    const chosen = this.pick(origin, client.remotePort ?? 0);
    if (chosen === undefined) return this.refuse(client, `listener ${this.name}: no target group has a registered target`);
    const { group, target } = chosen;
    if (!target.traffic.allowed) {
      group.release(target);
      return this.refuse(client, `listener ${this.name}: security groups block the load balancer from target ${target.id}: ${target.traffic.explanation}`, target.traffic.fix);
    }
    this.forward(client, origin, group, target);
  }

  /** The NLB's own security groups, when it has any, must admit the client on the listener port. */
  private screen(origin: ConnectionOrigin): { message: string; fix: string } | undefined {
    const lb = this.deps.loadBalancer;
    if (lb.securityGroupIds.length === 0) return undefined;
    const verdict = this.deps.network.canConnect(
      { securityGroupIds: origin.securityGroupIds, description: origin.description, ...(origin.securityGroupIds.length === 0 ? { address: origin.address } : {}) },
      { securityGroupIds: lb.securityGroupIds, port: this.plan.port, description: `load balancer ${lb.name}` },
    );
    return verdict.allowed ? undefined : { message: `listener ${this.name}: ${verdict.explanation}`, fix: verdict.fix };
  }

  private pick(origin: ConnectionOrigin, sourcePort: number): { group: TargetGroupRuntime; target: TargetEntry } | undefined {
    const hash = flowHash({ sourceAddress: origin.address, sourcePort, destinationPort: this.plan.port });
    const group = weighted(this.groups, hash);
    const target = group?.acquireByHash(hash);
    return group && target ? { group, target } : undefined;
  }

  private forward(client: net.Socket, origin: ConnectionOrigin, group: TargetGroupRuntime, target: TargetEntry): void {
    const settings = nlbTargetGroupSettings(group.plan);
    const lb = this.deps.loadBalancer;
    const seenAs: ConnectionOrigin = { address: settings.preserveClientIp ? origin.address : this.deps.address, securityGroupIds: lb.securityGroupIds, description: `load balancer ${lb.name}` };
    const adopter = this.deps.inProcess?.(target.registration);
    if (adopter) return this.handOver(client, seenAs, group, target, adopter);
    const upstream = this.deps.origins.connect(target.registration.host, target.registration.port, seenAs, { allowHalfOpen: true });
    const forget = this.flows.add(target.id, { client, upstream });
    this.metrics.opened();
    let released = false;
    const end = (): void => {
      if (released) return;
      released = true;
      forget();
      group.release(target);
      this.metrics.closed();
    };
    upstream.once('connect', () => {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      this.log.warn({ target: target.id, code: error.code }, `target ${target.id} (${target.registration.host}:${target.registration.port}) failed the connection (${error.code ?? error.message}); the client's connection is reset`);
      this.metrics.reset();
      resetSocket(client);
    });
    client.once('error', () => resetSocket(upstream));
    client.setTimeout(this.idleMs, () => {
      this.log.debug({ target: target.id }, `connection idle for ${this.idleMs / 1000} s: reset`);
      this.metrics.reset();
      resetSocket(client);
      resetSocket(upstream);
    });
    client.once('close', () => {
      if (!upstream.destroyed) upstream.end();
      end();
    });
    upstream.once('close', () => {
      if (!client.destroyed) client.end();
      end();
    });
  }

  /**
   * The client's socket to an ALB of this process: one flow, counted and released on close, reset
   * with the target as a dialled one is. No NLB idle timer: the ALB's keep-alive timeout (60 s) is
   * shorter than any NLB idle timeout (60–6000 s) and closes an idle connection first, as in AWS.
   */
  private handOver(client: net.Socket, seenAs: ConnectionOrigin, group: TargetGroupRuntime, target: TargetEntry, adopter: ConnectionAdopter): void {
    const forget = this.flows.add(target.id, { client });
    this.metrics.opened();
    client.once('close', () => {
      forget();
      group.release(target);
      this.metrics.closed();
    });
    if (adopter.adopt(client, seenAs)) return;
    this.log.warn({ target: target.id }, `target ${target.id} (${target.registration.host}:${target.registration.port}) is closed; the client's connection is reset`);
    this.metrics.reset();
    resetSocket(client);
  }

  /** Resets connections as the group's termination settings say when a target turns unhealthy or leaves. */
  private watchTerminations(group: TargetGroupRuntime): void {
    const settings = nlbTargetGroupSettings(group.plan);
    const onState = (change: { targetId: string; to: string; reason?: string }): void => {
      const unhealthy = change.to === 'unhealthy' && settings.terminateOnUnhealthy && !group.failOpen;
      const deregistered = change.to === 'unused' && change.reason === 'Target.NotRegistered' && settings.terminateOnDeregistration;
      if (!unhealthy && !deregistered) return;
      const count = this.flows.reset(change.targetId);
      if (count > 0) this.log.info({ target: change.targetId, connections: count }, `target ${change.to === 'unhealthy' ? 'turned unhealthy' : 'deregistered'}: its connections are reset`);
    };
    group.on('state', onState);
    this.unsubscribe.push(() => group.off('state', onState));
  }

  private refuse(client: net.Socket, explanation: string, fix?: string): void {
    this.metrics.reset();
    this.log.warn({ explanation, ...(fix ? { fix } : {}) }, 'network load balancer reset a connection');
    resetSocket(client);
  }
}

/** A client outside gatelink (the internet, for an internet-facing listener). */
function external(socket: net.Socket): ConnectionOrigin {
  return { address: socket.remoteAddress ?? '127.0.0.1', securityGroupIds: [], description: `client ${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}` };
}

/** A group by weight, chosen from the flow hash so one flow always lands in the same group. */
function weighted(groups: readonly { group: TargetGroupRuntime; weight: number }[], hash: number): TargetGroupRuntime | undefined {
  const total = groups.reduce((sum, entry) => sum + entry.weight, 0);
  if (total <= 0) return groups[0]?.group;
  let point = (hash >>> 8) % total;
  for (const entry of groups) {
    if (point < entry.weight) return entry.group;
    point -= entry.weight;
  }
  return groups[0]?.group;
}
