/**
 * The Application Load Balancers of a plan at run time: one `ListenerRuntime` per listener (a
 * `RequestHandler` the gateway's VPC-link integrations call), one `TargetGroupRuntime` per target
 * group (the ECS scheduler registers tasks in them), a shared pool of keep-alive connections to
 * targets, and per-load-balancer request counters.
 */
import type { Logger } from 'pino';
import { GatelinkError } from '../errors.js';
import type { ActionPlan, LoadBalancerPlan, Plan, TargetGroupPlan } from '../plan/types.js';
import type { ConnectionOrigins } from '../network/origins.js';
import { PoolRegistry } from '../proxy/pools.js';
import type { TimingProfile } from '../timing/profile.js';
import type { RandomSource } from './actions/weighted.js';
import { loadBalancerSettings } from './attributes.js';
import { ListenerRuntime } from './listener.js';
import { ElbMetrics } from './metrics.js';
import type { NetworkCheck, NetworkEndpoint } from './network-check.js';
import { TargetGroupRuntime } from './target-group.js';

export { ListenerRuntime } from './listener.js';
export { TargetGroupRuntime } from './target-group.js';
export type { HealthCheckEvent, TargetDescription, TargetRegistration, TargetStateChange, TargetState, TargetReason } from './target-group.js';
export type { NetworkCheck, NetworkEndpoint, NetworkDestination, NetworkVerdict } from './network-check.js';
export { OPEN_NETWORK } from './network-check.js';

export interface LoadBalancerDeps {
  readonly timing: TimingProfile;
  readonly network: NetworkCheck;
  readonly logger: Logger;
  /** Uniform numbers in [0, 1) for weighted forwards and `weighted_random`; seeded in tests. */
  readonly random?: RandomSource;
  /** Share connection pools with another hop (e.g. the gateway's Cloud Map integrations); created and owned otherwise. */
  readonly pools?: PoolRegistry;
  /** Records who opens each connection on loopback; health checks open theirs as their load balancer. */
  readonly origins?: ConnectionOrigins;
}

export class LoadBalancerRuntime {
  private readonly listenersById = new Map<string, ListenerRuntime>();
  private readonly listenersByArn = new Map<string, ListenerRuntime>();
  private readonly groups = new Map<string, TargetGroupRuntime>();
  private readonly metricsByBalancer = new Map<string, ElbMetrics>();
  private readonly pools: PoolRegistry;
  private readonly ownsPools: boolean;

  constructor(plan: Plan, deps: LoadBalancerDeps) {
    this.pools = deps.pools ?? new PoolRegistry();
    this.ownsPools = deps.pools === undefined;
    // Network load balancers' listeners are served by ../nlb; their target groups live here with the ALBs'.
    const albs = plan.loadBalancers.filter((lb) => lb.type === 'application');
    for (const group of plan.targetGroups) {
      const origins = deps.origins;
      const connectAs = origins && ((from: NetworkEndpoint) => (host: string, port: number) => origins.connect(host, port, { address: '0.0.0.0', securityGroupIds: from.securityGroupIds, description: from.description }));
      const runtime = new TargetGroupRuntime(group, { ...deps, pools: this.pools, loadBalancer: frontOf(group, plan.loadBalancers, deps.logger), ...(connectAs ? { connectAs } : {}) });
      this.groups.set(group.id, runtime);
      this.groups.set(group.physicalId, runtime);
    }
    for (const lb of albs) this.addLoadBalancer(lb, deps);
  }

  /** The listener an integration URI (the listener ARN) points at. */
  listenerByArn(arn: string): ListenerRuntime {
    return found(this.listenersByArn.get(arn), 'listener', arn);
  }

  /** The listener with plan id `<Stack>/<LogicalId>`. */
  listener(id: string): ListenerRuntime {
    return found(this.listenersById.get(id), 'listener', id);
  }

  listeners(): ListenerRuntime[] {
    return [...this.listenersById.values()];
  }

  /** The target group with this plan id or ARN. */
  targetGroup(idOrArn: string): TargetGroupRuntime {
    return found(this.groups.get(idOrArn), 'target group', idOrArn);
  }

  targetGroups(): TargetGroupRuntime[] {
    return [...new Set(this.groups.values())];
  }

  /** CloudWatch-style request counters of one load balancer (by plan id). */
  metrics(loadBalancerId: string): Readonly<Record<string, number>> {
    return found(this.metricsByBalancer.get(loadBalancerId), 'load balancer', loadBalancerId).snapshot();
  }

  /** Stops health checks and drains, and closes every connection to targets. */
  async close(): Promise<void> {
    for (const group of this.targetGroups()) group.close();
    if (this.ownsPools) await this.pools.close();
  }

  private addLoadBalancer(lb: LoadBalancerPlan, deps: LoadBalancerDeps): void {
    const metrics = new ElbMetrics();
    this.metricsByBalancer.set(lb.id, metrics);
    const settings = loadBalancerSettings(lb);
    for (const listener of lb.listeners) {
      const targetGroup = (id: string): TargetGroupRuntime => {
        const group = this.groups.get(id);
        if (group === undefined) throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource: listener.id, detail: `forwards to target group ${id}, which the app does not define` });
        return group;
      };
      const runtime = new ListenerRuntime(listener, { settings, targetGroup, random: deps.random ?? Math.random, logger: deps.logger, metrics });
      this.listenersById.set(listener.id, runtime);
      this.listenersByArn.set(listener.physicalId, runtime);
    }
  }
}

/** The load balancer whose listeners forward to `group`: its security groups open connections to targets. */
function frontOf(group: TargetGroupPlan, balancers: readonly LoadBalancerPlan[], logger: Logger): NetworkEndpoint | undefined {
  const fronts = balancers.filter((lb) => lb.listeners.some((listener) => [...listener.defaultActions, ...listener.rules.flatMap((rule) => rule.actions)].some((action) => forwardsTo(action, group.id))));
  if (fronts.length > 1) logger.info({ targetGroup: group.id, loadBalancers: fronts.map((lb) => lb.id) }, 'target group is behind several load balancers; health checks use the first one\'s security groups');
  const front = fronts[0];
  return front && { securityGroupIds: front.securityGroupIds, description: `load balancer ${front.name} (${front.id})` };
}

function forwardsTo(action: ActionPlan, groupId: string): boolean {
  return action.type === 'forward' && action.targetGroups.some((entry) => entry.targetGroupId === groupId);
}

function found<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw new GatelinkError('GL_ERR_ELB_UNKNOWN_RESOURCE', { kind, id });
  return value;
}
