/**
 * One ECS task as a native child process: spawned with the container's run spec and environment,
 * RUNNING once its port accepts connections, stopped the way ECS stops it (stop signal, stop
 * timeout, SIGKILL). Output goes to a per-task log file; the last lines stay in memory so a
 * stopped task can say why it stopped.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { LineSplitter, formatLogLines } from './task-log.js';
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
}

const LAST_LINES = 40;
/** Task output reaches its log file within this long (`gatelink logs --follow` lag). */
const LOG_FLUSH_MS = 50;
const LOG_FLUSH_BYTES = 64 * 1024;

export class NativeTask extends EventEmitter<{ running: []; exit: [TaskExit] }> {
  readonly id: string;
  readonly port: number;
  readonly startedAt = new Date();
  readonly logFile: string;
  status: TaskStatus = 'PROVISIONING';
  exit?: TaskExit;
  private child?: ChildProcess;
  private readonly lines: string[] = [];
  private pendingLog = '';
  private logTimer: NodeJS.Timeout | undefined;
  private readonly log: WriteStream;
  private stopReason?: string;
  private readonly exited: Promise<TaskExit>;
  private resolveExited!: (exit: TaskExit) => void;

  constructor(private readonly options: NativeTaskOptions) {
    super();
    this.id = options.id;
    this.port = options.port;
    mkdirSync(options.logDir, { recursive: true });
    this.logFile = path.join(options.logDir, `${this.id}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
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
    const child = spawn(spec.program, [...spec.args], { cwd: spec.cwd, env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    const stdout = new LineSplitter((lines) => this.record('stdout', lines));
    const stderr = new LineSplitter((lines) => this.record('stderr', lines));
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout?.on('end', () => stdout.flush());
    child.stderr?.on('end', () => stderr.flush());
    child.on('error', (error) => this.record('stderr', [`gatelink: cannot start ${spec.program}: ${error.message}`]));
    child.on('close', (exitCode, signal) => this.onClose(exitCode, signal));
    const controller = new AbortController();
    void this.exited.then(() => controller.abort());
    waitForPort(this.port, controller.signal).then(
      () => {
        if (this.status !== 'PENDING') return;
        this.status = 'RUNNING';
        this.emit('running');
      },
      () => undefined,
    );
  }

  /** ECS's stop: stop signal, then SIGKILL when the stop timeout passes. Resolves when it has exited. */
  async stop(reason: string): Promise<TaskExit> {
    if (this.exit) return this.exit;
    this.stopReason ??= reason;
    this.status = 'STOPPING';
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.exited;
    child.kill(this.options.spec.stopSignal);
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
    timer.unref();
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    this.stopReason ??= 'Task killed by gatelink';
    this.child?.kill('SIGKILL');
  }

  /** Marks the task as leaving service (deregistration under way) before the stop signal. */
  deactivate(reason: string): void {
    this.stopReason ??= reason;
    if (this.status === 'RUNNING' || this.status === 'PENDING') this.status = 'DEACTIVATING';
  }

  lastLines(): readonly string[] {
    return [...this.lines];
  }

  /**
   * Lines read together, stamped so `gatelink logs` can interleave tasks in time order. Writes are
   * gathered for up to LOG_FLUSH_MS: a task logging per request would otherwise cost the gateway one
   * file write per request.
   */
  private record(stream: 'stdout' | 'stderr', lines: readonly string[]): void {
    this.pendingLog += formatLogLines(new Date(), stream, lines);
    if (this.pendingLog.length >= LOG_FLUSH_BYTES) this.flushLog();
    else this.logTimer ??= setTimeout(() => this.flushLog(), LOG_FLUSH_MS);
    for (const line of lines.slice(-LAST_LINES)) this.lines.push(line);
    while (this.lines.length > LAST_LINES) this.lines.shift();
  }

  private flushLog(): void {
    clearTimeout(this.logTimer);
    this.logTimer = undefined;
    if (this.pendingLog.length === 0) return;
    this.log.write(this.pendingLog);
    this.pendingLog = '';
  }

  private onClose(exitCode: number | null, signal: NodeJS.Signals | null): void {
    const exit: TaskExit = {
      exitCode,
      signal,
      stoppedReason: this.stopReason ?? 'Essential container in task exited',
      lastLines: this.lastLines(),
      stoppedAt: new Date(),
    };
    this.exit = exit;
    this.status = 'STOPPED';
    this.flushLog();
    this.log.end();
    this.resolveExited(exit);
    this.emit('exit', exit);
  }
}
