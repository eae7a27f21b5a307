/**
 * Task logs are kept per task, and every launch (a deployment, a replacement, a crash loop) adds a
 * file: without a bound, a data dir that lives for weeks fills the disk. Each service keeps the log
 * files of its running tasks and of its newest stopped ones; older files are deleted when a task
 * launches. CloudWatch bounds the same logs by the log group's retention in days; locally it is the
 * count of files that grows, so the bound is a count. A running task's own file is bounded by size
 * (`capTaskLog`): a load test through a service that logs every request writes ~1 MB/s.
 */
import { copyFile, readdir, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';

/** Log files of stopped tasks each service keeps (the newest by last write). */
export const STOPPED_TASK_LOGS_KEPT = 20;

/** Where a running task's log file is cut: its content moves to `<id>.log.1`, replacing the last one. */
export const TASK_LOG_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Deletes the oldest `<task-id>.log` files of `serviceDir` beyond `keep`, never a running task's;
 * resolves with the deleted names. Asynchronous: the file system calls run off the event loop, which
 * at a launch is starting tasks (~15 ms of unlinks per launch on this machine otherwise).
 */
export async function pruneTaskLogs(serviceDir: string, running: () => ReadonlySet<string>, keep: number = STOPPED_TASK_LOGS_KEPT): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(serviceDir);
  } catch {
    return []; // no logs yet
  }
  const runningNow = running(); // after the listing: a task launched meanwhile is in both
  names = names.filter((name) => name.endsWith('.log') && !runningNow.has(name.slice(0, -'.log'.length)));
  if (names.length <= keep) return [];
  const written = async (name: string): Promise<number> => (await stat(path.join(serviceDir, name)).catch(() => undefined))?.mtimeMs ?? 0;
  const byAge = await Promise.all(names.map(async (name) => ({ name, written: await written(name) })));
  byAge.sort((a, b) => b.written - a.written || a.name.localeCompare(b.name));
  const oldest = byAge.slice(keep).map(({ name }) => name);
  await Promise.all(oldest.flatMap((name) => [rm(path.join(serviceDir, name), { force: true }), rm(path.join(serviceDir, `${name}.1`), { force: true })]));
  return oldest;
}

/**
 * Copies a running task's log past `maxBytes` to `<file>.1` and empties it (logrotate's
 * copytruncate: the task keeps writing through its own descriptor, opened for append, so its next
 * line starts the emptied file). Lines written between the copy's end and the cut are lost, a window
 * of one thread-pool round trip. Resolves with whether the file was cut. Asynchronous: copying 64 MB
 * takes ~50 ms here, which on the event loop stalled every request through the gateway meanwhile.
 */
export async function capTaskLog(file: string, maxBytes: number = TASK_LOG_MAX_BYTES): Promise<boolean> {
  const size = (await stat(file).catch(() => undefined))?.size ?? 0; // 0: not created yet, or already gone
  if (size <= maxBytes) return false;
  await copyFile(file, `${file}.1`);
  await truncate(file, 0);
  return true;
}
