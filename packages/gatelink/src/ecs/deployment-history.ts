/**
 * One service's deployments as ECS reports them: the one in progress (at most one; a newer one
 * supersedes it), the last completed revision (what a rollback returns to), the circuit breaker's
 * verdict on task failures, and the recent history `gatelink status` shows.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { circuitBreakerThreshold } from './deployment.js';
import type { DeploymentRecord, DeploymentStatus } from './deployment.js';
import type { CircuitBreakerPlan } from '../plan/types.js';

const HISTORY = 5;

export type BreakerVerdict = { readonly action: 'none' } | { readonly action: 'rollback'; readonly toRevision: number } | { readonly action: 'halt' };

export class DeploymentHistory {
  private readonly records: DeploymentRecord[] = [];
  private lastCompleted = 1;

  constructor(
    private readonly service: string,
    private readonly logger: Logger,
  ) {}

  get lastCompletedRevision(): number {
    return this.lastCompleted;
  }

  inProgress(): DeploymentRecord | undefined {
    return this.records.find((record) => record.status === 'IN_PROGRESS');
  }

  start(revision: number, cause: string): DeploymentRecord {
    const previous = this.inProgress();
    if (previous) this.finish(previous, 'FAILED', `superseded by revision ${revision}`);
    const record: DeploymentRecord = { id: `ecs-svc/${randomBytes(8).toString('hex')}`, revision, status: 'IN_PROGRESS', reason: cause, failedTasks: 0, startedAt: new Date().toISOString() };
    this.records.unshift(record);
    this.records.length = Math.min(this.records.length, HISTORY);
    this.logger.info({ service: this.service, deployment: record.id, revision }, `deployment started: ${cause}`);
    return record;
  }

  /** The fleet reached the target revision, healthy; without a deployment this confirms the steady state. */
  completed(revision: number, desiredCount: number): void {
    const record = this.inProgress();
    if (record) this.finish(record, 'COMPLETED', `all ${desiredCount} tasks run revision ${record.revision} and are healthy`);
    else this.lastCompleted = revision;
  }

  /** A task of the deployment's revision failed before it was ever healthy: what the circuit breaker says. */
  taskFailed(revision: number, desiredCount: number, breaker: CircuitBreakerPlan): BreakerVerdict {
    const record = this.inProgress();
    if (!record || record.revision !== revision) return { action: 'none' };
    record.failedTasks += 1;
    if (!breaker.enable || record.failedTasks < circuitBreakerThreshold(desiredCount)) return { action: 'none' };
    const failed = `circuit breaker: ${record.failedTasks} tasks failed to start`;
    if (breaker.rollback && this.lastCompleted !== record.revision) {
      this.finish(record, 'ROLLED_BACK', `${failed}; rolled back to revision ${this.lastCompleted}`);
      return { action: 'rollback', toRevision: this.lastCompleted };
    }
    this.finish(record, 'FAILED', `${failed}; no more tasks are launched until the next deployment`);
    return { action: 'halt' };
  }

  /** A task of the deployment's revision became healthy: with `resetOnHealthyTask` (ECS's default) the failure count starts again. */
  taskHealthy(revision: number, breaker: CircuitBreakerPlan): void {
    const record = this.inProgress();
    if (record?.revision === revision && breaker.resetOnHealthyTask) record.failedTasks = 0;
  }

  snapshot(): DeploymentRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  private finish(record: DeploymentRecord, status: DeploymentStatus, reason: string): void {
    record.status = status;
    record.reason = reason;
    record.finishedAt = new Date().toISOString();
    if (status === 'COMPLETED') this.lastCompleted = record.revision;
    const context = { service: this.service, deployment: record.id, revision: record.revision };
    const message = `deployment ${status.toLowerCase().replace('_', ' ')}: ${reason}`;
    if (status === 'COMPLETED') this.logger.info(context, message);
    else this.logger.warn(context, message);
  }
}
