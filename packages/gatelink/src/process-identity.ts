/**
 * Telling a process apart from a later one that got its pid, from /proc (Linux). A pid and its start
 * time (clock ticks since boot, fixed at fork and kept across exec) name one process for good. The
 * command line does not: right after `spawn` returns it can still read empty, while the kernel is
 * between closing the exec pipe and setting up the new argv — a task recorded that way was never
 * recognised again, and leaked after a gatelink killed with SIGKILL.
 */
import { existsSync, readFileSync } from 'node:fs';

interface ProcStat {
  readonly state: string;
  readonly startTime: string;
}

function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  // From field 3 on: state is the first, start time (field 22) the twentieth.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
}

/** The process's start time, or undefined when it is gone (or this system has no /proc). */
export function processStartTime(pid: number): string | undefined {
  const stat = procStat(pid);
  return stat && stat.state !== 'Z' ? stat.startTime : undefined;
}

/** Whether `pid` runs: a zombie (exited, not yet reaped) does not. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.state !== 'Z';
}

/** Whether this system has /proc, without which no process can be told apart from a later one. */
export function canIdentifyProcesses(): boolean {
  return existsSync('/proc/self/stat');
}

/** Sends `signal` to every process of the group `groupId`; false when the group has none left. */
export function signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}
