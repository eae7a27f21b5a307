/**
 * The console's live view of task logs: while a console is open, each service's task files are read
 * from where the last read stopped (starting near their end: history is the last few KB), and new
 * lines go to the stream. The most recent lines of each service are kept for a page that opens later.
 */
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readServiceLogs } from '../ecs/log-reader.js';
import type { LogCursor } from '../ecs/log-reader.js';

export interface ConsoleLogLine {
  readonly service: string;
  readonly taskId: string;
  readonly time: string;
  readonly text: string;
}

/**
 * The most one read takes from a file: a task that logs every request under load writes MBs a
 * minute, more than a page can show; past this the read skips ahead (the data dir's file has it all).
 */
const MAX_READ_BYTES = 8 * 1024;
const KEPT_PER_SERVICE = 300;

export class LogTail {
  private readonly cursors = new Map<string, Map<string, LogCursor>>();
  private readonly recent = new Map<string, ConsoleLogLine[]>();
  private reading = false;

  constructor(
    private readonly logsDir: string,
    private readonly services: readonly string[],
  ) {}

  /** Kept lines of every service, oldest first. */
  history(): ConsoleLogLine[] {
    return [...this.recent.values()].flat().sort((a, b) => a.time.localeCompare(b.time));
  }

  /** Reads what every service's tasks wrote since the last read. */
  async read(): Promise<ConsoleLogLine[]> {
    if (this.reading) return [];
    this.reading = true;
    try {
      const lines: ConsoleLogLine[] = [];
      for (const service of this.services) lines.push(...(await this.readService(service)));
      return lines;
    } finally {
      this.reading = false;
    }
  }

  private async readService(service: string): Promise<ConsoleLogLine[]> {
    const dir = path.join(this.logsDir, service);
    const cursors = this.cursors.get(service) ?? new Map<string, LogCursor>();
    this.cursors.set(service, cursors);
    seedNewFiles(dir, cursors);
    skipAhead(dir, cursors);
    const lines = (await readServiceLogs(dir, cursors)).map((line) => ({ service, taskId: line.taskId, time: line.time.toISOString(), text: line.text }));
    const kept = [...(this.recent.get(service) ?? []), ...lines];
    this.recent.set(service, kept.slice(-KEPT_PER_SERVICE));
    return lines;
  }
}

/** A file that grew by more than a read takes is read from near its end, so a busy task costs gatelink a bounded read per tick. */
function skipAhead(dir: string, cursors: Map<string, LogCursor>): void {
  for (const [file, cursor] of cursors) {
    const size = statSize(path.join(dir, file));
    if (size !== undefined && size - cursor.offset > MAX_READ_BYTES) cursor.offset = nextLineStart(path.join(dir, file), size - MAX_READ_BYTES);
  }
}

function statSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** A file met for the first time is read from near its end: the console shows recent history, not the whole file. */
function seedNewFiles(dir: string, cursors: Map<string, LogCursor>): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.log') || cursors.has(file)) continue;
    const stats = statSync(path.join(dir, file));
    cursors.set(file, { offset: nextLineStart(path.join(dir, file), Math.max(0, stats.size - MAX_READ_BYTES)), lastTime: stats.mtime });
  }
}

/** Where the first whole line at or after `offset` starts: a read that starts mid-file skips the cut line. */
function nextLineStart(file: string, offset: number): number {
  if (offset === 0) return 0;
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(MAX_READ_BYTES);
    const read = readSync(fd, chunk, 0, chunk.length, offset - 1);
    const newline = chunk.subarray(0, read).indexOf(0x0a);
    return newline === -1 ? offset + read : offset + newline;
  } finally {
    closeSync(fd);
  }
}
