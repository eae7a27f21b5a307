/**
 * Task logs are kept per task, and every launch (a deployment, a replacement, a crash loop) adds a
 * file: without a bound, a data dir that lives for weeks fills the disk. Each service keeps the log
 * files of its running tasks and of its newest stopped ones; older files are deleted when a task
 * launches. CloudWatch bounds the same logs by the log group's retention in days; locally it is the
 * count of files that grows, so the bound is a count. A running task's own file is bounded by size
 * (`capTaskLog`): a load test through a service that logs every request writes ~1 MB/s.
 */
import { copyFileSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { statIfPresent } from '../files.js';

/** Log files of stopped tasks each service keeps (the newest by last write). */
export const STOPPED_TASK_LOGS_KEPT = 20;

/** Where a running task's log file is cut: its content moves to `<id>.log.1`, replacing the last one. */
export const TASK_LOG_MAX_BYTES = 64 * 1024 * 1024;

/** Deletes the oldest `<task-id>.log` files of `serviceDir` beyond `keep`, never a running task's; returns the deleted names. */
export function pruneTaskLogs(serviceDir: string, running: ReadonlySet<string>, keep: number = STOPPED_TASK_LOGS_KEPT): string[] {
  let names: string[];
  try {
    names = readdirSync(serviceDir).filter((name) => name.endsWith('.log') && !running.has(name.slice(0, -'.log'.length)));
  } catch {
    return []; // no logs yet
  }
  if (names.length <= keep) return [];
  const byAge = names
    .map((name) => ({ name, written: statIfPresent(path.join(serviceDir, name))?.mtimeMs ?? 0 }))
    .sort((a, b) => b.written - a.written || a.name.localeCompare(b.name));
  const deleted: string[] = [];
  for (const { name } of byAge.slice(keep)) {
    rmSync(path.join(serviceDir, name), { force: true });
    rmSync(path.join(serviceDir, `${name}.1`), { force: true });
    deleted.push(name);
  }
  return deleted;
}

/**
 * Copies a running task's log past `maxBytes` to `<file>.1` and empties it (logrotate's
 * copytruncate: the task keeps writing through its own descriptor, opened for append, so its next
 * line starts the emptied file). Lines written between the copy and the cut are lost, a window of
 * microseconds. Returns whether the file was cut.
 */
export function capTaskLog(file: string, maxBytes: number = TASK_LOG_MAX_BYTES): boolean {
  const size = statIfPresent(file)?.size ?? 0; // 0: not created yet, or already gone
  if (size <= maxBytes) return false;
  copyFileSync(file, `${file}.1`);
  truncateSync(file, 0);
  return true;
}
