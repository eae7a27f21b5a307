/**
 * A target group at run time: registered targets, their health (checked as the template says, on
 * the timing profile's clock), draining on deregistration, and which targets may take traffic
 * (healthy ones, or all registered ones when the group fails open). Emits `state` on every change of
 * a target's state; the ECS scheduler and Cloud Map listen to it.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { isNetworkProtocol } from '../plan/extract-elb.js';
import type { TargetGroupPlan } from '../plan/types.js';
import type { PoolRegistry } from '../proxy/pools.js';
import type { TimingProfile } from '../timing/profile.js';
import type { RandomSource } from './actions/weighted.js';
import { targetGroupSettings } from './attributes.js';
import type { TargetGroupSettings } from './attributes.js';
import { createBalancer } from './balancing/balancer.js';
import type { Balancer } from './balancing/balancer.js';
import { checkTarget } from './health/check-target.js';
import { parseSuccessCodes } from './health/matcher.js';
import { CheckSchedule } from './health/schedule.js';
import { applyCheck, INITIAL_CHECKING, REASON_DESCRIPTIONS } from './health/states.js';
import type { FailureReason, HealthStatus, TargetReason, TargetState } from './health/states.js';
import type { NetworkCheck, NetworkEndpoint, NetworkVerdict } from './network-check.js';
import { originOf, TargetEntry } from './target.js';
import type { TargetRegistration } from './target.js';

export type { TargetRegistration } from './target.js';
export type { TargetReason, TargetState } from './health/states.js';

export interface TargetGroupDeps {
  readonly timing: TimingProfile;
  readonly network: NetworkCheck;
  readonly logger: Logger;
  readonly pools: PoolRegistry;
  /** The load balancer in front of the group; undefined when no listener forwards to it (targets read `unused`). */
  readonly loadBalancer?: NetworkEndpoint;
  readonly random?: RandomSource;
  /** Opens health-check connections as the load balancer (so a hop behind it, e.g. an ALB behind an NLB, knows who checks it). */
  readonly connectAs?: (from: NetworkEndpoint) => (host: string, port: number) => Socket;
}

/** One row of `DescribeTargetHealth`. */
export interface TargetDescription {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly state: TargetState;
  readonly reason?: TargetReason;
  readonly description?: string;
}

/** Emitted as `state` whenever a target's state changes. */
export interface TargetStateChange {
  readonly targetGroupId: string;
  readonly targetId: string;
  readonly from: TargetState;
  readonly to: TargetState;
  readonly reason?: TargetReason;
  readonly description?: string;
}

/** Emitted as `check` after every health check. */
export interface HealthCheckEvent {
  readonly targetGroupId: string;
  readonly targetId: string;
  readonly ok: boolean;
  readonly statusCode?: number;
  readonly reason?: FailureReason;
  /** Why it failed, in words: the error, the timeout, or the security-group explanation. */
  readonly detail?: string;
}

interface Events {
  state: [TargetStateChange];
  check: [HealthCheckEvent];
}

const UNUSED_NOT_REGISTERED = { state: 'unused', reason: 'Target.NotRegistered', description: REASON_DESCRIPTIONS['Target.NotRegistered'] } as const;

export class TargetGroupRuntime extends EventEmitter<Events> {
  readonly settings: TargetGroupSettings;
  private readonly entries = new Map<string, TargetEntry>();
  private readonly balancer: Balancer;
  private readonly isSuccess: (status: number) => boolean;
  private readonly log: Logger;
  private routable: TargetEntry[] = [];
  private failingOpen = false;
  private closed = false;

  constructor(
    readonly plan: TargetGroupPlan,
    private readonly deps: TargetGroupDeps,
  ) {
    super();
    this.settings = targetGroupSettings(plan);
    this.balancer = createBalancer(plan.algorithm, deps.random ?? Math.random);
    // A TCP check has no status to match; an NLB group's codes may go up to 599.
    this.isSuccess = plan.healthCheck.protocol === 'TCP' ? () => true : parseSuccessCodes(plan.healthCheck.matcher, plan.id, isNetworkProtocol(plan.protocol) ? 599 : 499);
    this.log = deps.logger.child({ targetGroup: plan.name });
    if (this.settings.stickinessEnabled) this.log.info('stickiness.enabled is accepted but not emulated: requests are balanced without the AWSALBTG cookie');
    if (plan.slowStartSeconds > 0) this.log.info({ slowStartSeconds: plan.slowStartSeconds }, 'slow start is accepted but not emulated: new targets get their full share at once');
  }

  get id(): string {
    return this.plan.id;
  }

  get name(): string {
    return this.plan.name;
  }

  /** Registers a target; its first health check runs at once. Registering a registered id does nothing. */
  register(target: TargetRegistration): void {
    if (this.closed) return;
    const existing = this.entries.get(target.id);
    if (existing?.drain?.completed) this.forget(existing);
    else if (existing) return;
    const entry = this.createEntry(target);
    this.entries.set(target.id, entry);
    this.log.info({ target: target.id, host: target.host, port: target.port }, 'target registered');
    if (this.deps.loadBalancer === undefined) {
      entry.status = { state: 'unused', reason: 'Target.NotInUse', description: REASON_DESCRIPTIONS['Target.NotInUse'], successes: 0, failures: 0 };
      return;
    }
    this.reportBlockedHops(entry);
    this.transition(entry, this.plan.healthCheck.enabled ? entry.status : { state: 'healthy', successes: 0, failures: 0 }, 'unused');
    if (!this.plan.healthCheck.enabled) return;
    entry.schedule = new CheckSchedule(this.deps.timing.healthCheckIntervalMs(this.plan.healthCheck), () => this.runCheck(entry));
    entry.schedule.now();
  }

  /**
   * Starts draining: no new requests; resolves when the target's requests in flight reach 0 or the
   * deregistration delay runs out (what is still in flight then is cut, as AWS does). The state
   * reads `draining` until the delay has passed, then the target is gone (`unused`).
   */
  deregister(targetId: string): Promise<void> {
    const entry = this.entries.get(targetId);
    if (entry === undefined) return Promise.resolve();
    if (entry.drain) return entry.drain.done;
    entry.schedule?.stop();
    let resolve!: () => void;
    const done = new Promise<void>((settle) => (resolve = settle));
    const delayMs = this.deps.timing.deregistrationDelayMs(this.plan.deregistrationDelaySeconds);
    const timer = setTimeout(() => this.expireDrain(entry), delayMs);
    timer.unref();
    entry.drain = { done, resolve, timer, completed: false };
    const description = REASON_DESCRIPTIONS['Target.DeregistrationInProgress'];
    this.transition(entry, { state: 'draining', reason: 'Target.DeregistrationInProgress', description, successes: 0, failures: 0 });
    if (entry.inFlight === 0) this.completeDrain(entry, 'graceful');
    return done;
  }

  /** Health-checks a target now (e.g. as soon as its port accepts connections). */
  checkNow(targetId: string): void {
    this.entries.get(targetId)?.schedule?.now();
  }

  health(targetId: string): TargetState {
    return this.entries.get(targetId)?.status.state ?? 'unused';
  }

  describe(targetId: string): TargetDescription {
    const entry = this.entries.get(targetId);
    if (entry === undefined) return { id: targetId, host: '', port: 0, ...UNUSED_NOT_REGISTERED };
    return describeEntry(entry);
  }

  /** Every target the group knows, draining ones included, in registration order. */
  snapshot(): TargetDescription[] {
    return [...this.entries.values()].map(describeEntry);
  }

  /** `(targetId, state, reason)` on every state change; returns an unsubscribe function. */
  onStateChange(listener: (targetId: string, state: TargetState, reason?: string) => void): () => void {
    const handler = (change: TargetStateChange): void => listener(change.targetId, change.to, change.reason);
    this.on('state', handler);
    return () => this.off('state', handler);
  }

  /** True while fewer targets than the minimum are healthy and traffic goes to every registered target. */
  get failOpen(): boolean {
    return this.failingOpen;
  }

  /** Picks a target for one request and counts it in flight; undefined when none is registered. */
  acquire(): TargetEntry | undefined {
    const target = this.balancer.pick(this.routable);
    if (target !== undefined) target.inFlight += 1;
    return target;
  }

  /**
   * Picks a target for one connection by its flow hash (Network Load Balancers) and counts it in
   * flight until `release`; undefined when none is registered.
   */
  acquireByHash(hash: number): TargetEntry | undefined {
    const target = this.routable.length === 0 ? undefined : this.routable[hash % this.routable.length];
    if (target !== undefined) target.inFlight += 1;
    return target;
  }

  /** Ends one request to `target` (its response body closed or the attempt failed). */
  release(target: TargetEntry): void {
    target.inFlight -= 1;
    if (target.inFlight === 0 && target.drain && !target.drain.completed) this.completeDrain(target, 'graceful');
  }

  /** Stops health checks and drains, resolves pending deregistrations, and lets go of every pool. */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.schedule?.stop();
      if (entry.drain) clearTimeout(entry.drain.timer);
      if (!entry.drain?.completed) void this.deps.pools.release(entry.origin, 'force');
      entry.drain?.resolve();
    }
    this.entries.clear();
    this.routable = [];
  }

  private createEntry(target: TargetRegistration): TargetEntry {
    const origin = originOf(target.host, target.port);
    const hc = this.plan.healthCheck;
    const healthCheckPort = hc.port === 'traffic-port' || hc.port === this.plan.port ? target.port : hc.port;
    const reach = (port: number): NetworkVerdict => {
      if (this.deps.loadBalancer === undefined) return { allowed: true };
      const to = { securityGroupIds: target.securityGroupIds ?? [], port, description: `target ${target.id} (${target.host}:${port}) of target group ${this.plan.name}` };
      return this.deps.network.canConnect(this.deps.loadBalancer, to);
    };
    const networkPort = target.networkPort ?? target.port;
    const healthCheckNetworkPort = healthCheckPort === target.port ? networkPort : healthCheckPort;
    return new TargetEntry(target, origin, this.deps.pools.acquire(origin), reach(networkPort), healthCheckPort, reach(healthCheckNetworkPort));
  }

  private async runCheck(entry: TargetEntry): Promise<void> {
    if (entry.status.reason === 'Elb.RegistrationInProgress') entry.status = INITIAL_CHECKING;
    const hc = this.plan.healthCheck;
    const timeoutMs = this.deps.timing.healthCheckTimeoutMs(hc);
    const front = this.deps.loadBalancer;
    const connect = front && this.deps.connectAs ? this.deps.connectAs(front) : undefined;
    const request = { protocol: hc.protocol, host: entry.registration.host, port: entry.healthCheckPort, path: hc.path, timeoutMs, ...(connect ? { connect } : {}) };
    const result = await checkTarget({ request, isSuccess: this.isSuccess, reach: entry.healthReach });
    if (this.entries.get(entry.id) !== entry || entry.drain || this.closed) return;
    const event: HealthCheckEvent = result.ok
      ? { targetGroupId: this.id, targetId: entry.id, ok: true, statusCode: result.statusCode }
      : { targetGroupId: this.id, targetId: entry.id, ok: false, statusCode: result.statusCode, reason: result.reason, detail: result.detail ?? result.description };
    this.emit('check', event);
    this.transition(entry, applyCheck(entry.status, result, hc));
    entry.schedule?.changeInterval(this.checkIntervalMs(entry.status));
  }

  /** Settled health (healthy, last check passed) is re-checked at the steady interval; anything else at the fast one. */
  private checkIntervalMs(status: HealthStatus): number {
    const settled = status.state === 'healthy' && status.failures === 0;
    return settled ? this.deps.timing.healthCheckSteadyIntervalMs(this.plan.healthCheck) : this.deps.timing.healthCheckIntervalMs(this.plan.healthCheck);
  }

  private transition(entry: TargetEntry, next: HealthStatus, previousState: TargetState = entry.status.state): void {
    entry.status = next;
    if (previousState === next.state) return;
    this.refreshRouting();
    const change: TargetStateChange = { targetGroupId: this.id, targetId: entry.id, from: previousState, to: next.state, reason: next.reason, description: next.description };
    this.log.info({ target: entry.id, from: change.from, to: change.to, reason: change.reason, description: change.description }, 'target health changed');
    this.emit('state', change);
  }

  /** Healthy targets take traffic; below the minimum, every registered non-draining target does (fail-open). */
  private refreshRouting(): void {
    const active = [...this.entries.values()].filter((entry) => entry.status.state !== 'draining' && entry.status.state !== 'unused');
    const healthy = active.filter((entry) => entry.status.state === 'healthy');
    const { minimumHealthyCount, minimumHealthyPercent } = this.settings;
    const below = healthy.length < minimumHealthyCount || healthy.length * 100 < minimumHealthyPercent * active.length;
    const failOpen = below && active.length > healthy.length;
    this.routable = failOpen ? active : healthy;
    if (failOpen !== this.failingOpen) {
      // While every target is still in its first checks (every start), failing open is expected.
      const starting = active.every((entry) => entry.status.state === 'initial');
      if (failOpen) this.log[starting ? 'info' : 'warn']({ healthy: healthy.length, registered: active.length }, 'too few healthy targets: failing open, routing to every registered target');
      else this.log.info({ healthy: healthy.length }, 'enough healthy targets again: routing to healthy targets only');
    }
    this.failingOpen = failOpen;
  }

  private completeDrain(entry: TargetEntry, mode: 'graceful' | 'force'): void {
    const drain = entry.drain;
    if (drain === undefined || drain.completed) return;
    drain.completed = true;
    void this.deps.pools.release(entry.origin, mode);
    this.log.info({ target: entry.id, cutRequests: mode === 'force' ? entry.inFlight : 0 }, 'target deregistration complete');
    drain.resolve();
  }

  /** The deregistration delay ran out: cut what is still in flight and forget the target. */
  private expireDrain(entry: TargetEntry): void {
    this.completeDrain(entry, 'force');
    if (this.entries.get(entry.id) !== entry) return;
    this.entries.delete(entry.id);
    this.transition(entry, { ...UNUSED_NOT_REGISTERED, successes: 0, failures: 0 });
  }

  /** A target re-registered while its old registration still reads `draining`. */
  private forget(entry: TargetEntry): void {
    if (entry.drain) clearTimeout(entry.drain.timer);
    this.entries.delete(entry.id);
  }

  private reportBlockedHops(entry: TargetEntry): void {
    for (const [hop, verdict] of [['traffic', entry.traffic], ['health checks', entry.healthReach]] as const) {
      if (!verdict.allowed) this.log.warn({ target: entry.id, hop, explanation: verdict.explanation, fix: verdict.fix }, `security groups block the load balancer's ${hop} to this target`);
    }
  }
}

function describeEntry(entry: TargetEntry): TargetDescription {
  const { state, reason, description } = entry.status;
  return { id: entry.id, host: entry.registration.host, port: entry.registration.port, state, reason, description };
}
