/**
 * Target health as AWS names it: states, reason codes and the descriptions `DescribeTargetHealth`
 * shows (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html),
 * and the pure state machine that applies one health-check result to a target's health.
 */

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export type TargetReason =
  | 'Elb.RegistrationInProgress'
  | 'Elb.InitialHealthChecking'
  | 'Target.ResponseCodeMismatch'
  | 'Target.Timeout'
  | 'Target.FailedHealthChecks'
  | 'Target.DeregistrationInProgress'
  | 'Target.NotRegistered'
  | 'Target.NotInUse';

/** The reason codes a failed check can give. */
export type FailureReason = 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';

/** Descriptions as `DescribeTargetHealth` words them (the mismatch one lists the codes seen). */
export const REASON_DESCRIPTIONS: Readonly<Record<Exclude<TargetReason, 'Target.ResponseCodeMismatch'>, string>> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
};

export type CheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: FailureReason; readonly description: string; readonly detail?: string };

export interface HealthStatus {
  readonly state: TargetState;
  readonly reason?: TargetReason;
  readonly description?: string;
  readonly successes: number;
  readonly failures: number;
}

export interface Thresholds {
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export const REGISTERED: HealthStatus = {
  state: 'initial',
  reason: 'Elb.RegistrationInProgress',
  description: REASON_DESCRIPTIONS['Elb.RegistrationInProgress'],
  successes: 0,
  failures: 0,
};

/** `initial` while the first checks run. */
export const INITIAL_CHECKING: HealthStatus = {
  state: 'initial',
  reason: 'Elb.InitialHealthChecking',
  description: REASON_DESCRIPTIONS['Elb.InitialHealthChecking'],
  successes: 0,
  failures: 0,
};

/**
 * Applies one check result. A new target is healthy after one passed check; any target becomes
 * unhealthy after `unhealthyThreshold` consecutive failures; an unhealthy one recovers after
 * `healthyThreshold` consecutive successes. Draining and unused targets are not checked.
 */
export function applyCheck(status: HealthStatus, result: CheckResult, thresholds: Thresholds): HealthStatus {
  if (status.state === 'draining' || status.state === 'unused') return status;
  if (result.ok) {
    const successes = status.successes + 1;
    const recovered = status.state === 'initial' || status.state === 'healthy' || successes >= thresholds.healthyThreshold;
    return recovered ? { state: 'healthy', successes, failures: 0 } : { ...status, successes, failures: 0 };
  }
  const failures = status.failures + 1;
  const failed = status.state === 'unhealthy' || failures >= thresholds.unhealthyThreshold;
  if (!failed) return { ...status, successes: 0, failures };
  return { state: 'unhealthy', reason: result.reason, description: result.description, successes: 0, failures };
}
