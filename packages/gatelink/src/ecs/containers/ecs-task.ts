/**
 * One ECS task with all of its containers, each a native process (./task.ts's NativeTask) writing
 * to the task's log file. As ECS runs a task: containers start when their `dependsOn` conditions are
 * met (./dependencies.ts), an essential container that exits stops the task and a non-essential one
 * does not, container health checks decide the task's health (essential containers only), and a
 * stop reaches the containers in reverse dependency order, each with its own stop timeout.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { ContainerPlan } from '../../plan/types.js';
import type { ContainerHealthClock } from '../../timing/container-health.js';
import type { RunSpec } from '../run-spec.js';
import { gatelinkNote } from '../task-log.js';
import { NativeTask } from '../task.js';
import type { TaskExit, TaskStatus } from '../task.js';
import { dependencyVerdict, stopOrder } from './dependencies.js';
import { ContainerHealthCheck } from './health-check.js';
import type { ContainerHealthStatus } from './health-check.js';
import { taskHealthOf } from './task-health.js';

export interface ContainerLaunch {
  readonly plan: ContainerPlan;
  readonly spec: RunSpec;
  readonly env: Readonly<Record<string, string>>;
  /** Its native port (`PORT`); 0 for a container without port mappings. */
  readonly port: number;
  /**
   * Whether it listens: a container with no port mappings (a queue worker) is RUNNING once its process
   * has started, as in ECS; with ports (or as a load balancer's or Cloud Map's target) once it accepts
   * connections.
   */
  readonly listens: boolean;
  readonly stopTimeoutMs: number;
  /** The health check's argv (container ports rewritten to native ones) and clocks, if it has one. */
  readonly healthCheck?: { readonly argv: readonly string[]; readonly clock: ContainerHealthClock };
}

export interface EcsTaskOptions {
  readonly id: string;
  readonly serviceName: string;
  /** The container the load balancer and Cloud Map reach: its port is the task's, its start RUNNING. */
  readonly main: string;
  readonly containers: readonly ContainerLaunch[];
  readonly logDir: string;
  /** Records each container's pid (and its stop signal) so a later start can clean up after a crash of gatelink. */
  readonly ledger?: { add(pid: number, stopSignal?: NodeJS.Signals): void; remove(pid: number): void };
}

export interface ContainerState {
  readonly name: string;
  readonly essential: boolean;
  status: 'PENDING' | 'RUNNING' | 'STOPPED';
  health: ContainerHealthStatus;
  exitCode?: number | null;
}

interface Container {
  readonly launch: ContainerLaunch;
  readonly state: ContainerState;
  process?: NativeTask;
  exit?: TaskExit;
  check?: ContainerHealthCheck;
}

export class EcsTask extends EventEmitter<{ running: []; exit: [TaskExit]; health: [ContainerHealthStatus] }> {
  readonly id: string;
  readonly port: number;
  readonly startedAt = new Date();
  readonly logFile: string;
  status: TaskStatus = 'PROVISIONING';
  /** ECS's task health (what DescribeTasks shows): an essential container without a check keeps it UNKNOWN. */
  healthStatus: ContainerHealthStatus = 'UNKNOWN';
  /**
   * The same rule over the essential containers that have health checks: what the scheduler and
   * Cloud Map act on, so a task whose other essential container has no check is not UNKNOWN forever
   * (how ECS's scheduler treats that mix is undocumented).
   */
  checkedHealth: ContainerHealthStatus = 'UNKNOWN';
  exit?: TaskExit;
  /** The scheduler asked it to stop (a deployment, a failed health check, shutdown): not a crash. */
  stopRequested = false;
  private stopReason?: string;
  /** The container whose exit stopped the task: its exit code is the task's. */
  private culprit?: Container;
  private stopping?: Promise<void>;
  private readonly containers = new Map<string, Container>();
  private readonly exited: Promise<TaskExit>;
  private resolveExited!: (exit: TaskExit) => void;

  constructor(private readonly options: EcsTaskOptions) {
    super();
    this.id = options.id;
    const main = options.containers.find((c) => c.plan.name === options.main) ?? options.containers[0];
    if (!main) throw new Error(`task ${options.id} of ${options.serviceName} has no containers`);
    this.port = main.port;
    for (const launch of options.containers) {
      this.containers.set(launch.plan.name, { launch, state: { name: launch.plan.name, essential: launch.plan.essential, status: 'PENDING', health: 'UNKNOWN' } });
    }
    // Every container writes to the task's one file (NativeTask's `logName`): one stream per task locally.
    mkdirSync(options.logDir, { recursive: true });
    this.logFile = path.join(options.logDir, `${this.id}.log`);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
  }

  get pid(): number | undefined {
    return this.mainContainer().process?.pid;
  }

  /** Whether an essential container has a health check, so the task's health is its own to decide. */
  get hasHealthChecks(): boolean {
    return [...this.containers.values()].some((c) => c.launch.plan.essential && c.launch.healthCheck !== undefined);
  }

  containerStates(): ContainerState[] {
    return [...this.containers.values()].map((c) => ({ ...c.state }));
  }

  start(): void {
    this.status = 'PENDING';
    this.startReady();
  }

  deactivate(reason: string): void {
    this.stopRequested = true;
    this.stopReason ??= reason;
    if (this.status === 'RUNNING' || this.status === 'PENDING') this.status = 'DEACTIVATING';
  }

  /** Stops every container, dependents before what they depend on; resolves when all have exited. */
  async stop(reason: string): Promise<TaskExit> {
    this.stopRequested = true;
    this.stopReason ??= reason;
    void this.stopAll();
    return this.exited;
  }

  kill(): void {
    this.stopReason ??= 'Task killed by gatelink';
    this.stopRequested = true;
    this.status = 'STOPPING';
    for (const container of this.containers.values()) container.process?.kill();
    this.finishIfDone();
  }

  /** The last lines the task's containers wrote to its log file. */
  lastLines(): Promise<string[]> {
    const reader = this.mainContainer().process ?? [...this.containers.values()].find((c) => c.process)?.process;
    return reader?.lastLines() ?? Promise.resolve([]);
  }

  private mainContainer(): Container {
    return (this.containers.get(this.options.main) ?? this.containers.values().next().value) as Container;
  }

  /** Starts each pending container whose dependencies are met; a dependency that never can be stops the task. */
  private startReady(): void {
    if (this.stopping) return;
    for (const container of this.containers.values()) {
      if (container.process) continue;
      const verdict = dependencyVerdict(container.launch.plan, (name) => this.containers.get(name)?.state, (name) => this.containers.get(name)?.launch.healthCheck !== undefined);
      if (verdict.kind === 'wait') continue;
      if (verdict.kind === 'never') {
        this.note(verdict.reason);
        this.stopReason ??= verdict.reason;
        void this.stopAll();
        return;
      }
      this.launch(container);
    }
  }

  private launch(container: Container): void {
    const process = this.processFor(container);
    container.process = process;
    process.once('running', () => this.onContainerRunning(container));
    process.once('exit', (exit) => this.onContainerExit(container, exit));
    process.start();
    if (process.pid !== undefined) this.options.ledger?.add(process.pid, container.launch.spec.stopSignal);
    if (this.containers.size > 1) this.note(`container ${container.state.name} started (pid ${process.pid ?? '?'})`);
    container.state.status = 'RUNNING';
    this.startHealthCheck(container);
    // START dependencies are met once a container has started.
    queueMicrotask(() => this.startReady());
  }

  private processFor(container: Container): NativeTask {
    const { launch } = container;
    return new NativeTask({
      id: this.options.containers.length > 1 ? `${this.id}/${launch.plan.name}` : this.id,
      serviceName: this.options.serviceName,
      containerName: launch.plan.name,
      spec: launch.spec,
      env: launch.env,
      port: launch.port,
      logDir: this.options.logDir,
      logName: this.id,
      stopTimeoutMs: launch.stopTimeoutMs,
      waitForPort: launch.port > 0 && launch.listens,
    });
  }

  private startHealthCheck(container: Container): void {
    const { healthCheck, plan, spec, env } = container.launch;
    if (!healthCheck || !plan.healthCheck) return;
    const check = new ContainerHealthCheck(plan.healthCheck, healthCheck.clock, { argv: healthCheck.argv, cwd: spec.cwd, env });
    container.check = check;
    check.on('change', (status, output) => {
      container.state.health = status;
      this.note(`container ${plan.name} is ${status}${output ? `: ${output.split('\n').at(-1) ?? ''}` : ''}`);
      this.updateHealth();
      this.startReady();
    });
    check.start();
  }

  private onContainerRunning(container: Container): void {
    container.check?.running();
    if (container !== this.mainContainer() || this.status !== 'PENDING') return;
    this.status = 'RUNNING';
    this.emit('running');
  }

  private onContainerExit(container: Container, exit: TaskExit): void {
    container.exit = exit;
    container.check?.stop();
    container.state.status = 'STOPPED';
    container.state.exitCode = exit.exitCode;
    const pid = container.process?.pid;
    if (pid !== undefined) this.options.ledger?.remove(pid);
    if (this.containers.size > 1) this.note(`container ${container.state.name} exited (${exit.signal ?? `code ${exit.exitCode}`})`);
    if (!this.stopping && container.launch.plan.essential) {
      this.culprit = container;
      this.stopReason ??= 'Essential container in task exited';
      void this.stopAll();
    } else if (!this.stopping) {
      this.startReady(); // COMPLETE / SUCCESS dependencies
    }
    this.finishIfDone();
  }

  private stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.status !== 'STOPPED') this.status = 'STOPPING';
      for (const container of this.containers.values()) container.check?.stop();
      const reason = this.stopReason ?? 'Task stopped';
      await stopOrder([...this.containers.values()].map((c) => c.launch.plan), async (name) => {
        const container = this.containers.get(name);
        if (container?.process && !container.exit) await container.process.stop(reason);
      });
      this.finishIfDone();
    })();
    return this.stopping;
  }

  private updateHealth(): void {
    this.healthStatus = taskHealthOf(this.containerStates());
    const checked = [...this.containers.values()].filter((c) => c.launch.healthCheck !== undefined).map((c) => c.state);
    const health = taskHealthOf(checked);
    if (health === this.checkedHealth) return;
    this.checkedHealth = health;
    this.emit('health', health);
  }

  /** Done once stopping and every container that started has exited. */
  private finishIfDone(): void {
    if (this.exit || !(this.stopping || this.stopRequested)) return;
    const running = [...this.containers.values()].some((c) => c.process !== undefined && c.exit === undefined);
    if (running) return;
    const source = this.culprit ?? this.mainContainer();
    const exit: TaskExit = {
      exitCode: source.exit?.exitCode ?? null,
      signal: source.exit?.signal ?? null,
      stoppedReason: this.stopReason ?? 'Essential container in task exited',
      lastLines: source.exit?.lastLines ?? [],
      stoppedAt: new Date(),
    };
    this.exit = exit;
    this.status = 'STOPPED';
    this.resolveExited(exit);
    this.emit('exit', exit);
  }

  private note(text: string): void {
    try {
      appendFileSync(this.logFile, gatelinkNote(new Date(), text));
    } catch {
      // The log dir is gone (a test cleaned up): the note is only for people reading the log.
    }
  }
}
