/**
 * ECS rolling updates as data and one pure planning step. A deployment moves a service to a new
 * revision; each step stops old tasks only while the healthy count stays at or above
 * `minimumHealthyPercent` and launches new ones only while the running count stays within
 * `maximumPercent`. The circuit breaker fails a deployment after ceil(desired / 2) task failures
 * (at least 3, at most 200) and, with rollback, returns the service to the last completed revision.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
export type DeploymentStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'ROLLED_BACK';

export interface DeploymentRecord {
  readonly id: string;
  readonly revision: number;
  status: DeploymentStatus;
  reason: string;
  failedTasks: number;
  readonly startedAt: string;
  finishedAt?: string;
}

export interface FleetTask {
  readonly id: string;
  readonly revision: number;
  readonly healthy: boolean;
}

export interface RollingInput {
  readonly desiredCount: number;
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  readonly targetRevision: number;
  /** Tasks that count toward the service: running or starting, not the ones already stopping. */
  readonly tasks: readonly FleetTask[];
  /** Launches asked for but not yet visible as tasks (they count as new, unhealthy tasks). */
  readonly pendingLaunches: number;
  /**
   * Tasks of another revision still leaving (deregistering, draining, stopping): they count toward
   * nothing, but a deployment is not done while one is left, as in ECS, whose old deployment stays
   * ACTIVE until its last task has stopped. Default 0.
   */
  readonly leaving?: number;
}

export interface RollingStep {
  readonly stop: readonly string[];
  readonly launch: number;
  /** Every task runs the target revision, enough of them are healthy and no old task is still stopping. */
  readonly done: boolean;
}

export function rollingStep(input: RollingInput): RollingStep {
  const { desiredCount: desired } = input;
  const minHealthy = Math.min(desired, Math.ceil((desired * input.minimumHealthyPercent) / 100));
  // With 100 % / 100 % nothing could ever move; ECS needs room one way or the other, so allow one below.
  const maxTotal = Math.max(desired, Math.floor((desired * input.maximumPercent) / 100));
  const floor = maxTotal === desired && minHealthy === desired ? desired - 1 : minHealthy;
  const olds = input.tasks.filter((task) => task.revision !== input.targetRevision);
  const news = input.tasks.filter((task) => task.revision === input.targetRevision);
  let healthy = input.tasks.filter((task) => task.healthy).length;
  const stop: string[] = [];
  // Unhealthy old tasks go first: stopping them costs no healthy capacity.
  for (const task of [...olds].sort((a, b) => Number(a.healthy) - Number(b.healthy))) {
    if (!task.healthy) stop.push(task.id);
    else if (healthy - 1 >= floor) {
      stop.push(task.id);
      healthy -= 1;
    }
  }
  // Steady state (no old tasks): never more than desired.
  const surplus = olds.length === 0 ? Math.max(0, news.length + input.pendingLaunches - desired) : 0;
  for (const task of [...news].sort((a, b) => Number(a.healthy) - Number(b.healthy)).slice(0, surplus)) stop.push(task.id);
  const running = input.tasks.length + input.pendingLaunches - stop.length;
  const missingNew = desired - (news.length - Math.min(surplus, news.length)) - input.pendingLaunches;
  const launch = Math.max(0, Math.min(maxTotal - running, missingNew));
  const healthyNew = news.filter((task) => task.healthy).length;
  return { stop, launch, done: olds.length === 0 && (input.leaving ?? 0) === 0 && healthyNew >= desired };
}

/** Task failures that trip the circuit breaker for a service of this size. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}
