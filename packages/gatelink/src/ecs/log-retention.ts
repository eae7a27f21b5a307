/**
 * Task logs are kept per task, and every launch (a deployment, a replacement, a crash loop) adds a
 * file: without a bound, a data dir that lives for weeks fills the disk. Each service keeps the log
 * files of its running tasks and of its newest stopped ones; older files are deleted when a task
 * launches. CloudWatch bounds the same logs by the log group's retention in days; locally it is the
 * count of files that grows, so the bound is a count.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Log files of stopped tasks each service keeps (the newest by last write). */
export const STOPPED_TASK_LOGS_KEPT = 20;

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
    .map((name) => ({ name, written: lastWrite(path.join(serviceDir, name)) }))
    .sort((a, b) => b.written - a.written || a.name.localeCompare(b.name));
  const deleted: string[] = [];
  for (const { name } of byAge.slice(keep)) {
    rmSync(path.join(serviceDir, name), { force: true });
    deleted.push(name);
  }
  return deleted;
}

function lastWrite(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
