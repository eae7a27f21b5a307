/**
 * One ECS task as a native child process: spawned with the container's run spec and environment,
 * RUNNING once its port accepts connections, stopped the way ECS stops it (stop signal, stop
 * timeout, SIGKILL). Its stdout and stderr are its log file (./task-log.ts); when it stops, the
 * file's last lines say why.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { gatelinkNote, lastLinesOf } from './task-log.js';
import { signalGroup } from '../process-identity.js';
import { waitForPort } from './ports.js';
import type { RunSpec } from './run-spec.js';

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED';

export interface TaskExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why it stopped: `Essential container exited`, `Task stopped by gatelink (…)`… as ECS words it. */
  readonly stoppedReason: string;
  readonly lastLines: readonly string[];
  readonly stoppedAt: Date;
}

export interface NativeTaskOptions {
  /** 32 hex characters, like an ECS task id. */
  readonly id: string;
  readonly serviceName: string;
  readonly containerName: string;
  readonly spec: RunSpec;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  readonly logDir: string;
  readonly stopTimeoutMs: number;
  /** Log file name without `.log` (default: the id); the containers of one task share their task's. */
  readonly logName?: string;
  /** false: RUNNING once spawned (a container without port mappings has no port to wait for). */
  readonly waitForPort?: boolean;
}

const LAST_LINES = 40;
/** How much of the end of the log file is read for the last lines of a stopped task. */
const TAIL_BYTES = 16 * 1024;

export class NativeTask extends EventEmitter<{ running: []; exit: [TaskExit] }> {
  readonly id: string;
  readonly port: number;
  readonly startedAt = new Date();
  readonly logFile: string;
  status: TaskStatus = 'PROVISIONING';
  exit?: TaskExit;
  private child?: ChildProcess;
  private stopReason?: string;
  private readonly exited: Promise<TaskExit>;
  private resolveExited!: (exit: TaskExit) => void;

  constructor(private readonly options: NativeTaskOptions) {
    super();
    this.id = options.id;
    this.port = options.port;
    mkdirSync(options.logDir, { recursive: true });
    this.logFile = path.join(options.logDir, `${options.logName ?? this.id}.log`);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the process; `running` fires once the port accepts connections, `exit` when it ends. */
  start(): void {
    const { spec, env } = this.options;
    this.status = 'PENDING';
    // Own process group: a Ctrl-C in the terminal reaches gatelink, which drains and stops tasks in
    // order, instead of reaching every task at once.
    // The task writes straight to its file (append mode, so lines of both streams never overwrite
    // each other); gatelink keeps no copy of the descriptor once the child has it.
    const output = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.program, [...spec.args], { cwd: spec.cwd, env: { ...env }, stdio: ['ignore', output, output], detached: true });
    } finally {
      closeSync(output);
    }
    this.child = child;
    child.on('error', (error) => appendFileSync(this.logFile, gatelinkNote(new Date(), `cannot start ${spec.program}: ${error.message}`)));
    child.on('close', (exitCode, signal) => void this.onClose(exitCode, signal));
    const controller = new AbortController();
    void this.exited.then(() => controller.abort());
    const ready = this.options.waitForPort === false ? new Promise<void>((resolve) => setImmediate(resolve)) : waitForPort(this.port, controller.signal);
    ready.then(
      () => {
        if (this.status !== 'PENDING') return;
        this.status = 'RUNNING';
        this.emit('running');
      },
      () => undefined,
    );
  }

  /**
   * ECS's stop: the stop signal to the main process (as `docker stop` sends it to PID 1), then
   * SIGKILL to all of the task's processes when the stop timeout passes. Resolves when it has exited.
   */
  async stop(reason: string): Promise<TaskExit> {
    if (this.exit) return this.exit;
    this.stopReason ??= reason;
    this.status = 'STOPPING';
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.exited;
    child.kill(this.options.spec.stopSignal);
    const timer = setTimeout(() => this.killAll(), this.options.stopTimeoutMs);
    timer.unref();
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    this.stopReason ??= 'Task killed by gatelink';
    this.killAll();
  }

  /**
   * SIGKILL to the task's process group (it leads one: spawned detached), so that the children of a
   * shell-form command (`/bin/sh -c …`) end with it, as a container's processes all do.
   */
  private killAll(): void {
    const pid = this.child?.pid;
    if (pid === undefined || !signalGroup(pid, 'SIGKILL')) this.child?.kill('SIGKILL');
  }

  /** Marks the task as leaving service (deregistration under way) before the stop signal. */
  deactivate(reason: string): void {
    this.stopReason ??= reason;
    if (this.status === 'RUNNING' || this.status === 'PENDING') this.status = 'DEACTIVATING';
  }

  /** The last lines the task wrote to its log file. */
  async lastLines(): Promise<string[]> {
    const handle = await open(this.logFile, 'r').catch(() => undefined);
    if (!handle) return [];
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return lastLinesOf(buffer.toString('utf8'), LAST_LINES, start > 0);
    } finally {
      await handle.close();
    }
  }

  private async onClose(exitCode: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const stoppedAt = new Date();
    // The main process is gone: the rest of its "container" goes with it, as when PID 1 exits.
    if (this.child?.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
    const lastLines = await this.lastLines().catch(() => []);
    const exit: TaskExit = { exitCode, signal, stoppedReason: this.stopReason ?? 'Essential container in task exited', lastLines, stoppedAt };
    this.exit = exit;
    this.status = 'STOPPED';
    this.resolveExited(exit);
    this.emit('exit', exit);
  }
}
