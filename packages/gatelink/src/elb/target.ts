/**
 * One registered target inside a target group: where it is, its connection pool, what the network
 * allows toward it (computed once at registration: the security-group graph does not change while
 * gatelink runs), its health, and the requests it is serving right now.
 */
import type { Dispatcher } from 'undici';
import type { Balanced } from './balancing/balancer.js';
import type { CheckSchedule } from './health/schedule.js';
import { REGISTERED } from './health/states.js';
import type { HealthStatus } from './health/states.js';
import type { NetworkVerdict } from './network-check.js';

/** What the scheduler registers: a task's address (and its security groups). */
export interface TargetRegistration {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /**
   * The port security groups see: the container port of a task, while `port` is where the native
   * process listens locally. Defaults to `port`.
   */
  readonly networkPort?: number;
  /** The task's security groups; empty or absent means none are evaluated against it. */
  readonly securityGroupIds?: readonly string[];
}

/** The draining phase of a deregistered target. */
export interface Drain {
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly timer: NodeJS.Timeout;
  /** Deregistration finished (no requests left, or the delay ran out); the state may still read `draining`. */
  completed: boolean;
}

export class TargetEntry implements Balanced {
  inFlight = 0;
  status: HealthStatus = REGISTERED;
  schedule: CheckSchedule | undefined;
  drain: Drain | undefined;

  constructor(
    readonly registration: TargetRegistration,
    /** `http://host:port`, the key of its pool. */
    readonly origin: string,
    readonly dispatcher: Dispatcher,
    /** May the load balancer open a connection to the traffic port? */
    readonly traffic: NetworkVerdict,
    readonly healthCheckPort: number,
    /** May the load balancer's health checks reach the health-check port? */
    readonly healthReach: NetworkVerdict,
  ) {}

  get id(): string {
    return this.registration.id;
  }
}

/** `http://host:port`, IPv6 literals in brackets. */
export function originOf(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
