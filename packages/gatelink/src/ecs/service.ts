/**
 * The ECS service scheduler for one service: keeps `desiredCount` native tasks running, puts each
 * into its target groups and Cloud Map once it accepts connections, replaces tasks that exit or fail
 * their load balancer or container health checks (with backoff on crash loops), rolls deployments
 * out within minimum healthy / maximum percent (./deployment.ts) with the circuit breaker (a worker,
 * with neither load balancer nor health check, counts as healthy only once it has run a while, so a
 * release whose workers keep exiting trips it), and stops
 * tasks the way ECS does: deregister, drain, stop signal, stop timeout, SIGKILL. Every change of the
 * fleet goes through one pass, `reconcile()`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ContainerPlan, EcsServicePlan } from '../plan/types.js';
import type { InjectedSecrets } from '../secrets/inject.js';

type SecretFailure = Extract<InjectedSecrets, { failure: unknown }>['failure'];
import type { TimingProfile } from '../timing/profile.js';
import { rollingStep } from './deployment.js';
import type { DeploymentRecord } from './deployment.js';
import { DeploymentHistory } from './deployment-history.js';
import { freePort } from './ports.js';
import type { InstanceRegistryPort, TargetGroupPort, TargetHealth } from './ports-of-call.js';
import type { RunSpec } from './run-spec.js';
import { stoppedSnapshot } from './task-snapshots.js';
import type { StoppedTaskSnapshot, TaskSnapshot } from './task-snapshots.js';
import { TaskLogKeeper } from './task-log-keeper.js';
import type { TaskLogLimits } from './task-log-keeper.js';
import type { TaskExit } from './task.js';
import type { EngineEndpoints } from './task-env.js';
import { registerInstances, reportHealth } from './containers/cloud-map-reports.js';
import { EcsTask } from './containers/ecs-task.js';
import type { ContainerHealthStatus } from './containers/health-check.js';
import { asTaskRunSpecs, containerLaunches } from './containers/launch.js';
import type { TaskRunSpecs } from './containers/launch.js';
import { schedulerHealth } from './containers/task-health.js';

export interface ServiceDeps {
  /** The main container's run spec, or every container's (sidecars: ./containers/). */
  readonly spec: RunSpec | TaskRunSpecs;
  readonly containerName: string;
  readonly targetGroups: readonly TargetGroupPort[];
  readonly registry: InstanceRegistryPort;
  readonly timing: TimingProfile;
  readonly logger: Logger;
  readonly logDir: string;
  readonly region: string;
  readonly engines: EngineEndpoints;
  /** Records task pids so a later start can clean up after a crash of this process. */
  readonly ledger?: { add(pid: number, stopSignal?: NodeJS.Signals): void; remove(pid: number): void };
  /** Fetches a container's `Secrets` when a task starts; a failure stops the task before it runs. */
  readonly containerSecrets?: (container: ContainerPlan) => InjectedSecrets;
  /** A running task's log size bound and how often it is checked (tests shrink both). */
  readonly taskLogLimits?: TaskLogLimits;
}

/** A task that stops this soon after starting, without ever becoming healthy, counts toward backoff. */
const CRASH_WINDOW_MS = 10_000;
const STOPPED_HISTORY = 10;

export class EcsServiceRuntime {
  private readonly tasks = new Map<string, EcsTask>();
  private readonly stopped: StoppedTaskSnapshot[] = [];
  private readonly unsubscribes: (() => void)[] = [];
  /** Run specs by revision; the target revision is what new tasks run. */
  private readonly specs = new Map<number, TaskRunSpecs>();
  private readonly revisionOf = new Map<string, number>();
  private readonly everHealthy = new Set<string>();
  /** Tasks without load balancer or container health check that have run long enough to count as healthy. */
  private readonly settled = new Set<string>();
  private readonly deployments: DeploymentHistory;
  private targetRevision = 1;
  /** A failed deployment without rollback launches nothing more until the next deployment. */
  private halted = false;
  private pendingLaunches = 0;
  private consecutiveFailures = 0;
  private launchNotBefore = 0;
  private stopping = false;
  private pendingLaunch?: NodeJS.Timeout;
  private readonly logs: TaskLogKeeper;

  constructor(
    readonly plan: EcsServicePlan,
    private readonly deps: ServiceDeps,
  ) {
    this.specs.set(1, asTaskRunSpecs(deps.spec));
    this.deployments = new DeploymentHistory(plan.name, deps.logger);
    this.logs = new TaskLogKeeper(path.join(deps.logDir, plan.name), plan.name, deps.logger, deps.taskLogLimits);
    for (const group of deps.targetGroups) {
      this.unsubscribes.push(group.onStateChange((targetId, state, reason) => this.onTargetState(targetId, state, reason)));
    }
  }

  get name(): string {
    return this.plan.name;
  }

  /** Where the current revision's tasks run: what `up --watch` watches by default. */
  get workingDirectory(): string {
    return (this.specs.get(this.targetRevision) ?? asTaskRunSpecs(this.deps.spec)).main.cwd;
  }

  /** Launches tasks up to the desired count. */
  async start(): Promise<void> {
    this.logs.start(() => this.tasks.values());
    await this.reconcile();
  }

  /**
   * Starts a rolling deployment of `spec` (the code and image settings as they are now): new tasks
   * start and pass their health checks before old ones are deregistered, drained and stopped.
   */
  deploy(spec: RunSpec | TaskRunSpecs, cause: string): DeploymentRecord {
    const revision = Math.max(...this.specs.keys()) + 1;
    this.specs.set(revision, asTaskRunSpecs(spec));
    const record = this.deployments.start(revision, cause);
    this.targetRevision = revision;
    this.halted = false;
    this.resetBackoff();
    void this.reconcile();
    return record;
  }

  /** Tasks whose load balancer health is healthy (what readiness counts against the desired count). */
  healthyCount(): number {
    let healthy = 0;
    for (const task of this.tasks.values()) if (this.taskHealth(task) === 'healthy') healthy += 1;
    return healthy;
  }

  get desiredCount(): number {
    return this.plan.desiredCount;
  }

  snapshot(): { name: string; desiredCount: number; runningCount: number; tasks: TaskSnapshot[]; stoppedTasks: StoppedTaskSnapshot[]; deployments: DeploymentRecord[] } {
    const tasks = [...this.tasks.values()].map((task) => this.taskSnapshot(task));
    return {
      name: this.name,
      desiredCount: this.plan.desiredCount,
      runningCount: tasks.filter((task) => task.status === 'RUNNING').length,
      tasks,
      stoppedTasks: [...this.stopped],
      deployments: this.deployments.snapshot(),
    };
  }

  /** Stops every task (deregister, drain, SIGTERM, SIGKILL) and launches nothing more. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pendingLaunch);
    await Promise.all([this.logs.stop(), ...[...this.tasks.values()].map((task) => this.stopTask(task, 'Scaling activity initiated by gatelink shutdown'))]);
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  /**
   * Stops one task as ECS StopTask does (deregistered, drained, stop signal): the scheduler sees one
   * task fewer than desired and launches its replacement meanwhile. Not a failure: no backoff.
   */
  stopTaskById(taskId: string, reason: string): { taskId: string; stoppedReason: string } | undefined {
    const task = this.tasks.get(taskId);
    if (!task || task.status === 'STOPPING' || task.status === 'STOPPED' || task.status === 'DEACTIVATING') return undefined;
    void this.stopTask(task, reason).then(() => this.reconcile());
    void this.reconcile();
    return { taskId, stoppedReason: reason };
  }

  /** Last resort when a graceful stop missed its deadline: SIGKILL every task now. */
  kill(): void {
    this.stopping = true;
    clearTimeout(this.pendingLaunch);
    for (const task of this.tasks.values()) task.kill();
  }

  private activeTasks(): EcsTask[] {
    return [...this.tasks.values()].filter((task) => task.status !== 'STOPPING' && task.status !== 'STOPPED' && task.status !== 'DEACTIVATING');
  }

  /** Tasks of another revision than the target one that are on their way out but have not exited yet. */
  private leavingOldTasks(): number {
    const active = new Set(this.activeTasks());
    return [...this.tasks.values()].filter((task) => !active.has(task) && this.revisionOf.get(task.id) !== this.targetRevision).length;
  }

  /** One pass over the fleet: what to stop and how many to launch (./deployment.ts), then whether a deployment is done. */
  private async reconcile(): Promise<void> {
    if (this.stopping) return;
    const step = rollingStep({
      desiredCount: this.plan.desiredCount,
      minimumHealthyPercent: this.plan.minimumHealthyPercent,
      maximumPercent: this.plan.maximumPercent,
      targetRevision: this.targetRevision,
      tasks: this.activeTasks().map((task) => ({ id: task.id, revision: this.revisionOf.get(task.id) ?? 1, healthy: this.taskHealth(task) === 'healthy' })),
      pendingLaunches: this.pendingLaunches,
      leaving: this.leavingOldTasks(),
    });
    const deployment = this.deployments.inProgress();
    for (const id of step.stop) {
      const task = this.tasks.get(id);
      if (task) void this.stopTask(task, deployment ? `Deployment ${deployment.id} replaced this task` : 'Scaling activity: more tasks than desired').then(() => this.reconcile());
    }
    if (step.done) this.deployments.completed(this.targetRevision, this.plan.desiredCount);
    if (step.launch === 0 || this.halted) return;
    const wait = this.launchNotBefore - Date.now();
    if (wait > 0) {
      this.pendingLaunch ??= setTimeout(() => {
        this.pendingLaunch = undefined;
        void this.reconcile();
      }, wait);
      return;
    }
    const launches: Promise<void>[] = [];
    for (let i = 0; i < step.launch; i += 1) launches.push(this.launch(this.targetRevision));
    await Promise.all(launches);
  }

  /** A task failed before it was ever healthy: if it ran a deployment's revision, the circuit breaker counts it. */
  private countDeploymentFailure(task: EcsTask): void {
    if (this.everHealthy.has(task.id)) return;
    const verdict = this.deployments.taskFailed(this.revisionOf.get(task.id) ?? 1, this.plan.desiredCount, this.plan.circuitBreaker);
    if (verdict.action === 'rollback') {
      this.targetRevision = verdict.toRevision;
      this.resetBackoff();
    } else if (verdict.action === 'halt') {
      this.halted = true;
    }
  }

  private resetBackoff(): void {
    this.consecutiveFailures = 0;
    this.launchNotBefore = 0;
  }

  private noteFailure(): void {
    this.consecutiveFailures += 1;
    const wait = this.deps.timing.restartBackoffMs(this.consecutiveFailures);
    this.launchNotBefore = Date.now() + wait;
    if (wait > 0) this.deps.logger.info({ service: this.name, waitMs: wait, failures: this.consecutiveFailures }, 'service is unable to consistently start tasks successfully; backing off');
  }

  private async launch(revision: number): Promise<void> {
    if (this.stopping) return;
    const { deps, plan } = this;
    const specs = this.specs.get(revision) ?? asTaskRunSpecs(deps.spec);
    const id = randomBytes(16).toString('hex');
    const secrets = this.fetchSecrets(specs);
    if ('failure' in secrets) return this.failedToInitialize(id, revision, secrets.failure, secrets.container);
    this.pendingLaunches += 1;
    const launching = freePort().then((port) =>
      containerLaunches({ plan, main: deps.containerName, specs, taskId: id, mainPort: port, region: deps.region, engines: deps.engines, timing: deps.timing, secretEnv: secrets.env }).then((containers) => ({ port, containers })),
    );
    const { port, containers } = await launching.finally(() => (this.pendingLaunches -= 1));
    if (this.stopping) return;
    const task = new EcsTask({ id, serviceName: plan.name, main: deps.containerName, containers, logDir: this.logs.dir, ...(deps.ledger ? { ledger: deps.ledger } : {}) });
    this.tasks.set(task.id, task);
    this.logs.prune(() => new Set(this.tasks.keys()));
    this.revisionOf.set(task.id, revision);
    task.once('running', () => this.onRunning(task));
    task.once('exit', (exit) => this.onExit(task, exit));
    task.on('health', (health) => this.onTaskHealth(task, health));
    task.start();
    deps.logger.info({ service: plan.name, task: task.id, pid: task.pid, port, revision }, 'task started');
  }

  /** Every container's `Secrets`, fetched as the ECS agent does before any container of the task starts. */
  private fetchSecrets(specs: TaskRunSpecs): { env: Map<string, Readonly<Record<string, string>>> } | { failure: SecretFailure; container: string } {
    const env = new Map<string, Readonly<Record<string, string>>>();
    for (const container of this.plan.taskDefinition.containers) {
      if (container.name !== this.deps.containerName && !specs.others.has(container.name)) continue;
      const secrets = this.deps.containerSecrets?.(container) ?? { env: {} };
      if ('failure' in secrets) return { failure: secrets.failure, container: container.name };
      env.set(container.name, secrets.env);
    }
    return { env };
  }

  /** ECS stops a task whose secrets cannot be fetched before its container starts, and keeps retrying with backoff. */
  private failedToInitialize(id: string, revision: number, failure: SecretFailure, container: string): void {
    this.stopped.unshift({ id, exitCode: null, signal: null, stoppedReason: failure.stoppedReason, stoppedAt: new Date().toISOString(), lastLines: [], revision });
    this.stopped.length = Math.min(this.stopped.length, STOPPED_HISTORY);
    this.deps.logger.error({ service: this.name, task: id, container, secret: failure.variable, valueFrom: failure.valueFrom }, `task failed to start: ${failure.stoppedReason}`);
    this.noteFailure();
    const verdict = this.deployments.taskFailed(revision, this.plan.desiredCount, this.plan.circuitBreaker);
    if (verdict.action === 'rollback') this.targetRevision = verdict.toRevision;
    else if (verdict.action === 'halt') this.halted = true;
    void this.reconcile();
  }

  private onRunning(task: EcsTask): void {
    const { deps, plan } = this;
    deps.targetGroups.forEach((group, index) => {
      const networkPort = plan.loadBalancers[index]?.containerPort ?? task.port;
      group.register({ id: task.id, host: '127.0.0.1', port: task.port, networkPort, securityGroupIds: plan.securityGroupIds });
    });
    // ECS reports the task's health to Cloud Map, not the load balancer's.
    registerInstances(deps.registry, plan, task);
    deps.logger.info({ service: plan.name, task: task.id, port: task.port }, 'task running');
    if (this.unsignalled(task)) this.settleLater(task);
    if (this.taskHealth(task) === 'healthy') this.onHealthy(task);
  }

  /** No load balancer and no container health check: nothing but time says the task works. */
  private unsignalled(task: EcsTask): boolean {
    return this.deps.targetGroups.length === 0 && !task.hasHealthChecks;
  }

  /** ECS counts such a task healthy once it has been RUNNING for a while (../timing/profile.ts); stopping before then is a failed launch. */
  private settleLater(task: EcsTask): void {
    setTimeout(() => {
      if (this.tasks.get(task.id) !== task || task.status !== 'RUNNING') return;
      this.settled.add(task.id);
      this.onHealthy(task);
    }, this.deps.timing.unsignalledHealthyAfterMs()).unref();
  }

  private onHealthy(task: EcsTask): void {
    this.everHealthy.add(task.id);
    this.deployments.taskHealthy(this.revisionOf.get(task.id) ?? 1, this.plan.circuitBreaker);
    this.resetBackoff();
    void this.reconcile();
  }

  private onTargetState(targetId: string, state: TargetHealth, reason?: string): void {
    const task = this.tasks.get(targetId);
    if (!task) return;
    if (state === 'healthy' && this.taskHealth(task) === 'healthy') this.onHealthy(task);
    if (state !== 'unhealthy' || task.status !== 'RUNNING') return;
    if (this.inGracePeriod(task, () => this.deps.targetGroups[0]?.health(task.id) === 'unhealthy' && this.onTargetState(targetId, 'unhealthy', reason))) return;
    this.deps.logger.warn({ service: this.name, task: task.id, reason }, 'task failed its load balancer health checks; replacing it');
    void this.replace(task, `Task failed ELB health checks (${reason ?? 'unhealthy'})`);
  }

  /** The task's container health checks decided: Cloud Map follows, and an UNHEALTHY task is replaced. */
  private onTaskHealth(task: EcsTask, health: ContainerHealthStatus): void {
    if (this.tasks.get(task.id) !== task || !['PENDING', 'RUNNING'].includes(task.status)) return;
    if (task.status === 'RUNNING') reportHealth(this.deps.registry, this.plan, task);
    if (health === 'HEALTHY' && this.taskHealth(task) === 'healthy') this.onHealthy(task);
    if (health !== 'UNHEALTHY') return;
    if (this.inGracePeriod(task, () => task.checkedHealth === 'UNHEALTHY' && this.onTaskHealth(task, 'UNHEALTHY'))) return;
    this.deps.logger.warn({ service: this.name, task: task.id, containers: task.containerStates() }, 'task failed its container health checks; replacing it');
    // As ECS words it, beside "Task failed ELB health checks" (https://repost.aws/knowledge-center/ecs-task-stopped).
    void this.replace(task, 'Task failed container health checks');
  }

  /**
   * ECS ignores failed load balancer and container health checks during the grace period, then acts
   * on the state it finds: `recheck` runs when it ends. Returns whether the task is still in it.
   */
  private inGracePeriod(task: EcsTask, recheck: () => unknown): boolean {
    const graceLeft = this.plan.healthCheckGracePeriodSeconds * 1000 - (Date.now() - task.startedAt.getTime());
    if (graceLeft <= 0) return false;
    setTimeout(() => {
      if (this.tasks.get(task.id) === task && task.status === 'RUNNING') recheck();
    }, graceLeft).unref();
    return true;
  }

  private async replace(task: EcsTask, reason: string): Promise<void> {
    this.noteFailure();
    this.countDeploymentFailure(task);
    const stopped = this.stopTask(task, reason);
    void this.reconcile();
    await stopped;
  }

  private onExit(task: EcsTask, exit: TaskExit): void {
    this.tasks.delete(task.id);
    this.stopped.unshift({ ...stoppedSnapshot(task.id, exit), revision: this.revisionOf.get(task.id) ?? 1 });
    this.stopped.length = Math.min(this.stopped.length, STOPPED_HISTORY);
    // Not stopped by the scheduler: an essential container exited, or a dependency can never be met.
    const crashed = !this.stopping && !task.stopRequested;
    if (crashed) {
      this.deps.logger.warn({ service: this.name, task: task.id, exitCode: exit.exitCode, signal: exit.signal, lastLines: exit.lastLines.slice(-5) }, 'task exited; replacing it');
      void this.leaveService(task);
      if (!this.everHealthy.has(task.id) || Date.now() - task.startedAt.getTime() < CRASH_WINDOW_MS) this.noteFailure();
      this.countDeploymentFailure(task);
    }
    this.everHealthy.delete(task.id);
    this.settled.delete(task.id);
    this.revisionOf.delete(task.id);
    if (crashed) void this.reconcile().catch((error: unknown) => this.deps.logger.error({ service: this.name, err: error }, 'task launch failed'));
  }

  private async stopTask(task: EcsTask, reason: string): Promise<void> {
    task.deactivate(reason);
    await this.leaveService(task);
    const exit = await task.stop(reason);
    this.deps.logger.info({ service: this.name, task: task.id, exitCode: exit.exitCode, signal: exit.signal, reason }, 'task stopped');
  }

  /** Deregisters from Cloud Map and every target group; resolves when draining is over. */
  private async leaveService(task: EcsTask): Promise<void> {
    for (const registration of this.plan.serviceRegistries) this.deps.registry.deregister(registration.cloudMapServiceId, task.id);
    await Promise.all(this.deps.targetGroups.map((group) => group.deregister(task.id).catch(() => undefined)));
  }

  /**
   * Healthy for the scheduler (deployments, readiness): its target is healthy (or it runs, without a
   * load balancer) and, when its essential containers have health checks, they say HEALTHY. With
   * neither, it has run long enough (settleLater).
   */
  private taskHealth(task: EcsTask): TargetHealth {
    const group = this.deps.targetGroups[0];
    const running = task.status === 'RUNNING' && (task.hasHealthChecks || this.settled.has(task.id));
    const balancer = group ? group.health(task.id) : running ? 'healthy' : 'initial';
    return schedulerHealth(task.hasHealthChecks ? task.checkedHealth : undefined, balancer);
  }

  private taskSnapshot(task: EcsTask): TaskSnapshot {
    return {
      id: task.id,
      pid: task.pid,
      port: task.port,
      status: task.status,
      health: this.taskHealth(task),
      healthStatus: task.healthStatus,
      containers: task.containerStates(),
      startedAt: task.startedAt.toISOString(),
      revision: this.revisionOf.get(task.id) ?? 1,
    };
  }
}
