/**
 * A container health check as the ECS agent runs it (Docker's HEALTHCHECK semantics), natively: the
 * command runs on its interval in the container's working directory and environment, exit 0 passes,
 * anything else or the timeout fails; `retries` consecutive failures make the container UNHEALTHY,
 * one pass makes it HEALTHY; failures within the start period do not count until a first pass.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 *
 * Natively the command runs on this machine, not inside an image: `curl`/`wget` in a CMD-SHELL work
 * when installed here, and a container port it names (`localhost:8080`) is rewritten to the port the
 * container listens on natively (./ports.ts).
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { ContainerHealthCheckPlan } from '../../plan/types.js';
import { signalGroup } from '../../process-identity.js';
import type { ContainerHealthClock } from '../../timing/container-health.js';

export type ContainerHealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

export interface HealthCheckRun {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface CheckResult {
  readonly passed: boolean;
  /** The tail of what the command printed, or why it failed (timeout, cannot start). */
  readonly output: string;
}

const OUTPUT_LIMIT = 1024;

/** The argv a task definition's command runs: `CMD-SHELL` through `/bin/sh -c`, `CMD` as is. */
export function healthCheckArgv(command: readonly string[]): readonly string[] {
  const [kind, ...rest] = command;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  if (kind === 'CMD') return rest;
  // No prefix: Docker runs the array as a shell command line (the ECS API documents CMD / CMD-SHELL).
  return ['/bin/sh', '-c', command.join(' ')];
}

export class ContainerHealthCheck extends EventEmitter<{ change: [ContainerHealthStatus, string] }> {
  status: ContainerHealthStatus = 'UNKNOWN';
  lastOutput = '';
  private failures = 0;
  private passedOnce = false;
  private counting: boolean;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Ends a check in flight when the container stops: no check process outlives its task. */
  private readonly inFlight = new AbortController();
  private readonly startedAt = Date.now();

  constructor(
    readonly plan: ContainerHealthCheckPlan,
    private readonly clock: ContainerHealthClock,
    private readonly run: HealthCheckRun,
    private readonly runCheck: (run: HealthCheckRun, timeoutMs: number, signal: AbortSignal) => Promise<CheckResult> = runHealthCommand,
  ) {
    super();
    this.counting = !clock.countFailuresOnlyOnceRunning;
  }

  /** Starts the schedule: the first check runs one interval after the container started, as Docker's. */
  start(): void {
    this.schedule(this.clock.intervalMs);
  }

  /** The container accepts connections: locally, failures count from now on (see the clock). */
  running(): void {
    this.counting = true;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.inFlight.abort();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), delayMs);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const result = await this.runCheck(this.run, this.clock.timeoutMs, this.inFlight.signal);
    if (this.stopped) return;
    this.lastOutput = result.output;
    this.record(result.passed);
    const steady = this.status === 'HEALTHY' && result.passed;
    this.schedule(steady ? this.clock.steadyIntervalMs : this.clock.intervalMs);
  }

  private record(passed: boolean): void {
    if (passed) {
      this.failures = 0;
      this.passedOnce = true;
      this.set('HEALTHY');
      return;
    }
    const inStartPeriod = !this.passedOnce && Date.now() - this.startedAt < this.clock.startPeriodMs;
    if (inStartPeriod || !this.counting) return;
    this.failures += 1;
    if (this.failures >= this.plan.retries) this.set('UNHEALTHY');
  }

  private set(status: ContainerHealthStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emit('change', status, this.lastOutput);
  }
}

/** Runs the command once in its own process group; the group is killed at the timeout or when `signal` aborts. */
export function runHealthCommand(run: HealthCheckRun, timeoutMs: number, signal?: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const [program, ...args] = run.argv;
    if (!program) return resolve({ passed: false, output: 'empty health check command' });
    if (signal?.aborted) return resolve({ passed: false, output: 'the container stopped' });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    const child = spawn(program, args, { cwd: run.cwd, env: { ...run.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const killGroup = (): void => {
      if (child.pid === undefined || !signalGroup(child.pid, 'SIGKILL')) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    signal?.addEventListener('abort', killGroup, { once: true });
    const settle = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', killGroup);
    };
    child.once('error', (error) => {
      settle();
      resolve({ passed: false, output: `cannot run ${program}: ${error.message}` });
    });
    child.once('close', (code) => {
      settle();
      if (timedOut) return resolve({ passed: false, output: `Health check exceeded timeout (${timeoutMs}ms)` });
      resolve({ passed: code === 0, output: output.trim() });
    });
  });
}
