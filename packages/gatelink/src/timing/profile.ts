/**
 * Local time. AWS's control-plane clocks (health-check intervals of 30 s, a 300 s deregistration
 * delay, a 30 s stop timeout) would make a local system take minutes to become healthy and to stop.
 * By default gatelink compresses them so the system is healthy in about a second; `--aws-timings`
 * uses the template's values exactly. Thresholds (how many checks) are never changed, only clocks,
 * so the state machines behave exactly as in AWS, just faster.
 */
import type { HealthCheckPlan } from '../plan/types.js';

export type TimingMode = 'local' | 'aws';

export interface TimingProfile {
  readonly mode: TimingMode;
  /** Milliseconds between two health checks of a target whose health is not settled. */
  healthCheckIntervalMs(check: HealthCheckPlan): number;
  /**
   * Milliseconds between two health checks of a target that is healthy and passed its last check.
   * Locally this is slower than the interval above: checks cost CPU, and a healthy target needs
   * them only to notice a failure, after which the fast interval counts the threshold out.
   */
  healthCheckSteadyIntervalMs(check: HealthCheckPlan): number;
  /** Milliseconds a health check may take before it counts as failed. */
  healthCheckTimeoutMs(check: HealthCheckPlan): number;
  /** Upper bound of the draining phase (the target group's deregistration delay). */
  deregistrationDelayMs(delaySeconds: number): number;
  /** Grace between SIGTERM and SIGKILL (the container's stop timeout). */
  stopTimeoutMs(stopTimeoutSeconds: number): number;
  /** Delay before relaunching a task that keeps failing; `attempt` counts from 1. */
  restartBackoffMs(attempt: number): number;
  /**
   * How long a task with neither a load balancer nor a container health check (a queue worker)
   * must have been RUNNING before the scheduler counts it healthy: 40 s in ECS [ECS-svcparams].
   * A task that stops before then never was healthy, so a deployment's circuit breaker counts it.
   */
  unsignalledHealthyAfterMs(): number;
}

/** Local clocks: fast enough to be healthy in ~1 s, slow enough not to busy-loop the machine. */
export const LOCAL_LIMITS = {
  healthCheckIntervalMs: 100,
  healthCheckSteadyIntervalMs: 1_000,
  healthCheckTimeoutMs: 1_000,
  deregistrationDelayMs: 5_000,
  stopTimeoutMs: 2_000,
  restartBackoffBaseMs: 250,
  restartBackoffMaxMs: 10_000,
  /** A gatelink choice (AWS says 40 s): long enough for a worker that fails at start-up to have failed. */
  unsignalledHealthyAfterMs: 3_000,
} as const;

/** ECS counts a task without load balancer or container health check 40 s after RUNNING [ECS-svcparams]. */
const AWS_UNSIGNALLED_HEALTHY_AFTER_MS = 40_000;

/** ECS throttles relaunches of failing tasks up to 15 minutes apart [ECS-throttle]. */
const AWS_RESTART_BACKOFF_MAX_MS = 15 * 60_000;
const AWS_RESTART_BACKOFF_BASE_MS = 10_000;

export function timingProfile(mode: TimingMode): TimingProfile {
  return mode === 'aws' ? awsProfile : localProfile;
}

const awsProfile: TimingProfile = {
  mode: 'aws',
  healthCheckIntervalMs: (check) => check.intervalSeconds * 1000,
  healthCheckSteadyIntervalMs: (check) => check.intervalSeconds * 1000,
  healthCheckTimeoutMs: (check) => check.timeoutSeconds * 1000,
  deregistrationDelayMs: (seconds) => seconds * 1000,
  stopTimeoutMs: (seconds) => seconds * 1000,
  restartBackoffMs: (attempt) => backoff(attempt, AWS_RESTART_BACKOFF_BASE_MS, AWS_RESTART_BACKOFF_MAX_MS),
  unsignalledHealthyAfterMs: () => AWS_UNSIGNALLED_HEALTHY_AFTER_MS,
};

const localProfile: TimingProfile = {
  mode: 'local',
  healthCheckIntervalMs: (check) => Math.min(check.intervalSeconds * 1000, LOCAL_LIMITS.healthCheckIntervalMs),
  healthCheckSteadyIntervalMs: (check) => Math.min(check.intervalSeconds * 1000, LOCAL_LIMITS.healthCheckSteadyIntervalMs),
  healthCheckTimeoutMs: (check) => Math.min(check.timeoutSeconds * 1000, LOCAL_LIMITS.healthCheckTimeoutMs),
  deregistrationDelayMs: (seconds) => Math.min(seconds * 1000, LOCAL_LIMITS.deregistrationDelayMs),
  stopTimeoutMs: (seconds) => Math.min(seconds * 1000, LOCAL_LIMITS.stopTimeoutMs),
  restartBackoffMs: (attempt) => backoff(attempt, LOCAL_LIMITS.restartBackoffBaseMs, LOCAL_LIMITS.restartBackoffMaxMs),
  unsignalledHealthyAfterMs: () => LOCAL_LIMITS.unsignalledHealthyAfterMs,
};

function backoff(attempt: number, baseMs: number, maxMs: number): number {
  if (attempt <= 1) return 0;
  return Math.min(maxMs, baseMs * 2 ** (attempt - 2));
}
