/**
 * Telling a process apart from a later one that got its pid. A pid and its start time name one
 * process for good: the start time is fixed at fork and kept across exec. The ledger used the
 * command line before, and a task it recorded that way was once not recognised after a gatelink
 * killed with SIGKILL, and leaked. Linux gives the start time in /proc/<pid>/stat (clock ticks since
 * boot); elsewhere (macOS) `ps -o lstart=` does, to the second.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface ProcStat {
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

/** State and start time from `ps`, where there is no /proc; undefined when the process is gone. */
export function psStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = execFileSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined; // exit status 1: no such process (or no ps at all)
  }
  const [state = '', ...started] = text.trim().split(/\s+/);
  return state === '' ? undefined : { state, startTime: started.join(' ') };
}

const HAS_PROC = existsSync('/proc/self/stat');
const statOf = (pid: number): ProcStat | undefined => (HAS_PROC ? procStat(pid) : psStat(pid));

/** The process's start time, or undefined when it is gone. */
export function processStartTime(pid: number): string | undefined {
  const stat = statOf(pid);
  return stat && !stat.state.startsWith('Z') ? stat.startTime : undefined;
}

/** Whether `pid` runs: a zombie (exited, not yet reaped) does not. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return statOf(pid)?.state.startsWith('Z') !== true;
}

/** Whether processes can be told apart here: /proc, or a `ps` that knows this process. */
export function canIdentifyProcesses(): boolean {
  return HAS_PROC || processStartTime(process.pid) !== undefined;
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
