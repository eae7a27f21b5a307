/**
 * One service's task logs kept within their bounds (./log-retention.ts): stopped tasks' files pruned
 * when a task launches, running tasks' files cut past their size on a timer. Failures are logged,
 * never thrown: a log that cannot be trimmed must not stop a task from launching.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { capTaskLog, pruneTaskLogs, TASK_LOG_MAX_BYTES } from './log-retention.js';

/** How often running tasks' log files are checked against their size bound. */
const CHECK_EVERY_MS = 10_000;

export interface TaskLogLimits {
  readonly maxBytes: number;
  readonly checkEveryMs: number;
}

export class TaskLogKeeper {
  private timer?: NodeJS.Timeout;
  /** Prunes run one after the other, each with the running set of its launch. */
  private pruning: Promise<void> = Promise.resolve();
  /** The check of running tasks' files in progress, if any: a check never overlaps the last one. */
  private capping: Promise<void> | undefined;

  constructor(
    /** `logs/<service>`: where the service's tasks write. */
    readonly dir: string,
    private readonly service: string,
    private readonly logger: Logger,
    private readonly limits: TaskLogLimits = { maxBytes: TASK_LOG_MAX_BYTES, checkEveryMs: CHECK_EVERY_MS },
  ) {}

  /** Starts cutting the files `running()` names whenever one is past the size bound. */
  start(running: () => Iterable<{ readonly id: string; readonly logFile: string }>): void {
    this.timer = setInterval(() => {
      this.capping ??= this.cap(running()).finally(() => (this.capping = undefined));
    }, this.limits.checkEveryMs);
    this.timer.unref();
  }

  /** Stops cutting; resolves when a prune or a cut in progress has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.pruning, this.capping]);
  }

  /**
   * At a launch: deletes the oldest stopped tasks' logs in the background, never those of the tasks
   * `runningIds()` names when the files have been listed (a launch meanwhile adds its own).
   */
  prune(runningIds: () => ReadonlySet<string>): void {
    this.pruning = this.pruning.then(async () => {
      try {
        const deleted = await pruneTaskLogs(this.dir, runningIds);
        if (deleted.length > 0) this.logger.debug({ service: this.service, deleted: deleted.length }, 'deleted the oldest stopped tasks’ logs');
      } catch (error) {
        this.logger.warn({ service: this.service, err: error }, `old task logs in ${this.dir} could not be deleted`);
      }
    });
  }

  private async cap(tasks: Iterable<{ readonly id: string; readonly logFile: string }>): Promise<void> {
    for (const task of [...tasks]) {
      try {
        if (await capTaskLog(task.logFile, this.limits.maxBytes)) this.logger.info({ service: this.service, task: task.id, maxBytes: this.limits.maxBytes }, `task log over its bound: moved to ${path.basename(task.logFile)}.1`);
      } catch (error) {
        this.logger.warn({ service: this.service, task: task.id, err: error }, `task log ${task.logFile} could not be cut`);
      }
    }
  }
}
