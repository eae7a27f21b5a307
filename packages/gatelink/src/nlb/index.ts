/**
 * The Network Load Balancers of a plan at run time: one `NlbListener` (a TCP socket) per listener,
 * forwarding to target groups that live in the `LoadBalancerRuntime` with the ALBs' (registration,
 * health checks, draining are the same code), and one `NlbHttpHandler` per listener for API Gateway
 * VPC-link integrations. An `alb` target group's targets are ALB listener sockets, registered here
 * from the template's `Targets`.
 */
import type { Logger } from 'pino';
import type { LoadBalancerRuntime } from '../elb/index.js';
import type { NetworkCheck } from '../elb/network-check.js';
import type { ConnectionOrigins } from '../network/origins.js';
import type { ListenerPlan, LoadBalancerPlan, Plan } from '../plan/types.js';
import type { RequestHandler } from '../proxy/types.js';
import { NlbHttpHandler } from './http-handler.js';
import { NlbListener } from './listener.js';
import type { ConnectionAdopter } from './listener.js';

export { NlbListener } from './listener.js';
export { NlbHttpHandler } from './http-handler.js';

export interface NetworkLoadBalancerDeps {
  readonly balancers: LoadBalancerRuntime;
  readonly network: NetworkCheck & { addressOf(securityGroupIds: readonly string[]): string | undefined };
  readonly origins: ConnectionOrigins;
  readonly logger: Logger;
}

interface AlbTarget {
  readonly groupId: string;
  readonly alb: LoadBalancerPlan;
  readonly listener: ListenerPlan;
}

/**
 * Where an ALB listener that an NLB targets can be reached locally: its port (health checks dial it),
 * and, when it runs in this process, how to hand it a connection.
 */
export type AlbSocketOf = (listenerId: string) => ({ readonly port: number } & Partial<ConnectionAdopter>) | undefined;

export class NetworkLoadBalancers {
  private readonly listenersById = new Map<string, NlbListener>();
  private readonly handlers = new Map<string, NlbHttpHandler>();
  /** Each `alb` group's ALB listener, worked out once (a group naming none is logged then). */
  private readonly albTargetList: readonly AlbTarget[];
  /** In-process ALB listeners by their local `host:port`, as registered targets name them. */
  private readonly adopters = new Map<string, ConnectionAdopter>();

  constructor(
    private readonly plan: Plan,
    private readonly deps: NetworkLoadBalancerDeps,
  ) {
    for (const lb of plan.loadBalancers.filter((candidate) => candidate.type === 'network')) {
      const address = deps.network.addressOf(lb.securityGroupIds) ?? '10.0.0.20';
      for (const listener of lb.listeners) {
        const runtime = new NlbListener(listener, { loadBalancer: lb, targetGroup: (id) => deps.balancers.targetGroup(id), network: deps.network, origins: deps.origins, address, logger: deps.logger, inProcess: ({ host, port }) => this.adopters.get(`${host}:${port}`) });
        this.listenersById.set(listener.id, runtime);
        this.handlers.set(listener.id, new NlbHttpHandler({ port: () => runtime.port, name: runtime.name }, deps.origins));
      }
    }
    this.albTargetList = this.albTargets();
  }

  /** True when `listenerId` is an NLB listener. */
  has(listenerId: string): boolean {
    return this.listenersById.has(listenerId);
  }

  listeners(): NlbListener[] {
    return [...this.listenersById.values()];
  }

  listener(listenerId: string): NlbListener | undefined {
    return this.listenersById.get(listenerId);
  }

  /** The listener as a `RequestHandler` (what `LoadBalancerRuntime.listener` gives for an ALB listener). */
  handler(listenerId: string): RequestHandler | undefined {
    return this.handlers.get(listenerId);
  }

  /** The ALB listeners `alb` target groups point at: they need a socket of their own. */
  albListenersTargeted(): ListenerPlan[] {
    return this.albTargetList.map((target) => target.listener);
  }

  /** Registers each `alb` group's ALB (its listener on the group's port) as the group's target. */
  registerAlbTargets(socketOf: AlbSocketOf): void {
    for (const { groupId, alb, listener } of this.albTargetList) {
      const socket = socketOf(listener.id);
      if (socket === undefined) continue;
      const port = socket.port;
      if (socket.adopt) this.adopters.set(`127.0.0.1:${port}`, { adopt: socket.adopt });
      this.deps.balancers.targetGroup(groupId).register({ id: alb.physicalId, host: '127.0.0.1', port, networkPort: listener.port, securityGroupIds: alb.securityGroupIds });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.handlers.values()].map((handler) => handler.close()));
    await Promise.all(this.listeners().map((listener) => listener.close()));
  }

  private albTargets(): AlbTarget[] {
    const out: AlbTarget[] = [];
    for (const group of this.plan.targetGroups.filter((candidate) => candidate.targetType === 'alb')) {
      for (const target of group.targets ?? []) {
        const alb = this.plan.loadBalancers.find((lb) => lb.id === target.resourceId && lb.type === 'application');
        // AWS: the ALB needs a listener on the target group's port.
        const listener = alb?.listeners.find((candidate) => candidate.port === (target.port ?? group.port));
        if (alb && listener) out.push({ groupId: group.id, alb, listener });
        else this.deps.logger.warn({ targetGroup: group.id, target: target.id }, 'alb target group names no ALB listener on its port; the target is not registered');
      }
    }
    return out;
  }
}
