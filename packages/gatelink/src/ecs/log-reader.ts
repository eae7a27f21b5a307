/**
 * Reads a service's task logs back: every task file under `logs/<service>/`, merged in time order,
 * each line tagged with its task id; `follow` keeps reading what tasks append.
 */
import { existsSync, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { timedLines } from './task-log.js';
import type { TaskLogLine } from './task-log.js';

export interface TaggedLogLine extends TaskLogLine {
  readonly taskId: string;
}

export function listLoggedServices(logsDir: string): string[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Where reading a task's file goes on from: the byte offset, and the time of the last line read. */
export interface LogCursor {
  offset: number;
  lastTime: Date;
}

/** Reads every task file of a service once from `cursors` on; returns the new lines in time order. */
export async function readServiceLogs(serviceDir: string, cursors: Map<string, LogCursor>, since?: Date): Promise<TaggedLogLine[]> {
  const lines: TaggedLogLine[] = [];
  const files = existsSync(serviceDir) ? readdirSync(serviceDir).filter((name) => name.endsWith('.log')) : [];
  for (const file of files) {
    const taskId = file.slice(0, -'.log'.length);
    const { text, end, created } = await readFrom(path.join(serviceDir, file), cursors.get(file)?.offset ?? 0);
    const cursor = cursors.get(file) ?? { offset: 0, lastTime: created };
    const complete = text.lastIndexOf('\n') + 1;
    cursor.offset = end - Buffer.byteLength(text.slice(complete));
    for (const line of timedLines(text.slice(0, complete), cursor.lastTime)) {
      cursor.lastTime = line.time;
      if (!since || line.time >= since) lines.push({ ...line, taskId });
    }
    cursors.set(file, cursor);
  }
  // A stable sort: lines of one task that share a time keep their file order.
  return lines.sort((a, b) => a.time.getTime() - b.time.getTime());
}

/** Yields batches of new lines until `signal` aborts: the first batch is the history. */
export async function* followServiceLogs(serviceDir: string, options: { since?: Date; follow: boolean; signal?: AbortSignal; pollMs?: number }): AsyncGenerator<TaggedLogLine[]> {
  const cursors = new Map<string, LogCursor>();
  yield await readServiceLogs(serviceDir, cursors, options.since);
  while (options.follow && !options.signal?.aborted) {
    await delay(options.pollMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) return;
    const batch = await readServiceLogs(serviceDir, cursors);
    if (batch.length > 0) yield batch;
  }
}

/** The file's new bytes, and when it was created (the time of lines before the first stamped one). */
async function readFrom(file: string, offset: number): Promise<{ text: string; end: number; created: Date }> {
  const handle = await open(file, 'r');
  try {
    const { size, birthtime, mtime } = await handle.stat();
    const created = birthtime.getTime() > 0 ? birthtime : mtime;
    // Smaller than what was read: the file was cut (capTaskLog), so reading starts over.
    if (size < offset) offset = 0;
    if (size <= offset) return { text: '', end: offset, created };
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return { text: buffer.toString('utf8'), end: size, created };
  } finally {
    await handle.close();
  }
}

/** `30s`, `5m`, `2h`, `1d` before now, or an ISO timestamp. */
export function parseSince(value: string, now = new Date()): Date | undefined {
  const relative = /^(\d+)(s|m|h|d)$/.exec(value);
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  const absolute = new Date(value);
  return Number.isNaN(absolute.getTime()) ? undefined : absolute;
}
