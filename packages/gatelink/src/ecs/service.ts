/**
 * The ECS service scheduler for one service: keeps `desiredCount` native tasks running, puts each
 * into its target groups and Cloud Map once it accepts connections, replaces tasks that exit or fail
 * their load balancer health checks (with backoff on crash loops), and stops tasks the way ECS does:
 * deregister, drain, stop signal, stop timeout, SIGKILL.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EcsServicePlan } from '../plan/types.js';
import type { TimingProfile } from '../timing/profile.js';
import { freePort } from './ports.js';
import type { InstanceRegistryPort, TargetGroupPort, TargetHealth } from './ports-of-call.js';
import type { RunSpec } from './run-spec.js';
import { NativeTask } from './task.js';
import type { TaskExit } from './task.js';
import { buildTaskEnv } from './task-env.js';
import type { EngineEndpoints } from './task-env.js';

export interface ServiceDeps {
  readonly spec: RunSpec;
  readonly containerName: string;
  readonly targetGroups: readonly TargetGroupPort[];
  readonly registry: InstanceRegistryPort;
  readonly timing: TimingProfile;
  readonly logger: Logger;
  readonly logDir: string;
  readonly region: string;
  readonly engines: EngineEndpoints;
  /** Records task pids so a later start can clean up after a crash of this process. */
  readonly ledger?: { add(pid: number): void; remove(pid: number): void };
}

export interface TaskSnapshot {
  readonly id: string;
  readonly pid: number | undefined;
  readonly port: number;
  readonly status: string;
  readonly health: TargetHealth;
  readonly startedAt: string;
}

export interface StoppedTaskSnapshot {
  readonly id: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stoppedReason: string;
  readonly stoppedAt: string;
  readonly lastLines: readonly string[];
}

/** A task that stops this soon after starting, without ever becoming healthy, counts toward backoff. */
const CRASH_WINDOW_MS = 10_000;
const STOPPED_HISTORY = 10;

export class EcsServiceRuntime {
  private readonly tasks = new Map<string, NativeTask>();
  private readonly stopped: StoppedTaskSnapshot[] = [];
  private readonly unsubscribes: (() => void)[] = [];
  private consecutiveFailures = 0;
  private stopping = false;
  private pendingLaunch?: NodeJS.Timeout;

  constructor(
    readonly plan: EcsServicePlan,
    private readonly deps: ServiceDeps,
  ) {
    for (const group of deps.targetGroups) {
      this.unsubscribes.push(group.onStateChange((targetId, state, reason) => this.onTargetState(targetId, state, reason)));
    }
  }

  get name(): string {
    return this.plan.name;
  }

  /** Launches tasks up to the desired count. */
  async start(): Promise<void> {
    const launches: Promise<void>[] = [];
    for (let i = this.activeTasks().length; i < this.plan.desiredCount; i += 1) launches.push(this.launch());
    await Promise.all(launches);
  }

  snapshot(): { name: string; desiredCount: number; runningCount: number; tasks: TaskSnapshot[]; stoppedTasks: StoppedTaskSnapshot[] } {
    const tasks = [...this.tasks.values()].map((task) => this.taskSnapshot(task));
    return {
      name: this.name,
      desiredCount: this.plan.desiredCount,
      runningCount: tasks.filter((task) => task.status === 'RUNNING').length,
      tasks,
      stoppedTasks: [...this.stopped],
    };
  }

  /** Stops every task (deregister, drain, SIGTERM, SIGKILL) and launches nothing more. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pendingLaunch);
    await Promise.all([...this.tasks.values()].map((task) => this.stopTask(task, 'Scaling activity initiated by gatelink shutdown')));
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  /** Last resort when a graceful stop missed its deadline: SIGKILL every task now. */
  kill(): void {
    this.stopping = true;
    clearTimeout(this.pendingLaunch);
    for (const task of this.tasks.values()) task.kill();
  }

  private activeTasks(): NativeTask[] {
    return [...this.tasks.values()].filter((task) => task.status !== 'STOPPING' && task.status !== 'STOPPED' && task.status !== 'DEACTIVATING');
  }

  private async launch(): Promise<void> {
    if (this.stopping) return;
    const { deps, plan } = this;
    const container = plan.taskDefinition.containers.find((c) => c.name === deps.containerName);
    const id = randomBytes(16).toString('hex');
    const port = await freePort();
    const env = buildTaskEnv({
      imageEnv: deps.spec.imageEnv,
      taskDefinitionEnv: container?.environment ?? {},
      port,
      region: deps.region,
      engines: deps.engines,
      metadata: { cluster: plan.clusterName, service: plan.name, taskId: id },
    });
    const stopTimeoutMs = deps.timing.stopTimeoutMs(container?.stopTimeoutSeconds ?? 30);
    const task = new NativeTask({ id, serviceName: plan.name, containerName: deps.containerName, spec: deps.spec, env, port, logDir: path.join(deps.logDir, plan.name), stopTimeoutMs });
    this.tasks.set(task.id, task);
    task.once('running', () => this.onRunning(task));
    task.once('exit', (exit) => this.onExit(task, exit));
    task.start();
    if (task.pid !== undefined) deps.ledger?.add(task.pid);
    deps.logger.info({ service: plan.name, task: task.id, pid: task.pid, port }, 'task started');
  }

  private onRunning(task: NativeTask): void {
    const { deps, plan } = this;
    deps.targetGroups.forEach((group, index) => {
      const networkPort = plan.loadBalancers[index]?.containerPort ?? task.port;
      group.register({ id: task.id, host: '127.0.0.1', port: task.port, networkPort, securityGroupIds: plan.securityGroupIds });
    });
    for (const registration of plan.serviceRegistries) {
      deps.registry.register(registration.cloudMapServiceId, task.id, {
        AWS_INSTANCE_IPV4: '127.0.0.1',
        AWS_INSTANCE_PORT: String(task.port),
        ECS_SERVICE_NAME: plan.name,
        ECS_CLUSTER_NAME: plan.clusterName,
        ECS_TASK_DEFINITION_FAMILY: plan.taskDefinition.family,
      });
      // Without a load balancer nothing reports health; ECS then counts a running task as healthy.
      if (deps.targetGroups.length === 0) deps.registry.setHealth(registration.cloudMapServiceId, task.id, true);
    }
    deps.logger.info({ service: plan.name, task: task.id, port: task.port }, 'task running');
  }

  private onTargetState(targetId: string, state: TargetHealth, reason?: string): void {
    const task = this.tasks.get(targetId);
    if (!task) return;
    for (const registration of this.plan.serviceRegistries) {
      if (state === 'healthy' || state === 'unhealthy') this.deps.registry.setHealth(registration.cloudMapServiceId, task.id, state === 'healthy');
    }
    if (state === 'healthy') this.consecutiveFailures = 0;
    if (state !== 'unhealthy' || task.status !== 'RUNNING') return;
    const sinceStart = Date.now() - task.startedAt.getTime();
    if (sinceStart < this.plan.healthCheckGracePeriodSeconds * 1000) return;
    this.deps.logger.warn({ service: this.name, task: task.id, reason }, 'task failed its load balancer health checks; replacing it');
    void this.replace(task, `Task failed ELB health checks (${reason ?? 'unhealthy'})`);
  }

  private async replace(task: NativeTask, reason: string): Promise<void> {
    this.consecutiveFailures += 1;
    this.scheduleLaunch();
    await this.stopTask(task, reason);
  }

  private onExit(task: NativeTask, exit: TaskExit): void {
    this.tasks.delete(task.id);
    if (task.pid !== undefined) this.deps.ledger?.remove(task.pid);
    this.stopped.unshift(stoppedSnapshot(task.id, exit));
    this.stopped.length = Math.min(this.stopped.length, STOPPED_HISTORY);
    if (this.stopping || exit.stoppedReason !== 'Essential container in task exited') return;
    this.deps.logger.warn({ service: this.name, task: task.id, exitCode: exit.exitCode, signal: exit.signal, lastLines: exit.lastLines.slice(-5) }, 'task exited; replacing it');
    void this.leaveService(task);
    const neverHealthy = this.taskHealth(task) !== 'healthy';
    if (neverHealthy || Date.now() - task.startedAt.getTime() < CRASH_WINDOW_MS) this.consecutiveFailures += 1;
    this.scheduleLaunch();
  }

  private scheduleLaunch(): void {
    if (this.stopping) return;
    const wait = this.deps.timing.restartBackoffMs(this.consecutiveFailures);
    if (wait > 0) this.deps.logger.info({ service: this.name, waitMs: wait, failures: this.consecutiveFailures }, 'service is unable to consistently start tasks successfully; backing off');
    const launch = (): void => {
      void this.launch().catch((error: unknown) => this.deps.logger.error({ service: this.name, err: error }, 'task launch failed'));
    };
    if (wait === 0) launch();
    else this.pendingLaunch = setTimeout(launch, wait);
  }

  private async stopTask(task: NativeTask, reason: string): Promise<void> {
    task.deactivate(reason);
    await this.leaveService(task);
    const exit = await task.stop(reason);
    this.deps.logger.info({ service: this.name, task: task.id, exitCode: exit.exitCode, signal: exit.signal, reason }, 'task stopped');
  }

  /** Deregisters from Cloud Map and every target group; resolves when draining is over. */
  private async leaveService(task: NativeTask): Promise<void> {
    for (const registration of this.plan.serviceRegistries) this.deps.registry.deregister(registration.cloudMapServiceId, task.id);
    await Promise.all(this.deps.targetGroups.map((group) => group.deregister(task.id).catch(() => undefined)));
  }

  private taskHealth(task: NativeTask): TargetHealth {
    const group = this.deps.targetGroups[0];
    if (group) return group.health(task.id);
    return task.status === 'RUNNING' ? 'healthy' : 'initial';
  }

  private taskSnapshot(task: NativeTask): TaskSnapshot {
    return { id: task.id, pid: task.pid, port: task.port, status: task.status, health: this.taskHealth(task), startedAt: task.startedAt.toISOString() };
  }
}

function stoppedSnapshot(id: string, exit: TaskExit): StoppedTaskSnapshot {
  return { id, exitCode: exit.exitCode, signal: exit.signal, stoppedReason: exit.stoppedReason, stoppedAt: exit.stoppedAt.toISOString(), lastLines: exit.lastLines };
}
