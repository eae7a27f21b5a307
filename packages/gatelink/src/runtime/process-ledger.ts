/**
 * The task processes a gatelink started (`processes.json` in the data dir), so that the `gatelink up`
 * after one killed with SIGKILL stops what it left running. A task leads a process group of its own
 * (it is spawned detached), and its whole group goes: the children of a shell-form command too, as
 * every process of a container ends with it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { canIdentifyProcesses, processStartTime, signalGroup } from '../process-identity.js';

export class ProcessLedger {
  /** pid → start time ('' where /proc cannot tell). */
  private readonly entries = new Map<number, string>();

  constructor(private readonly file: string) {}

  add(pid: number): void {
    this.entries.set(pid, processStartTime(pid) ?? '');
    this.save();
  }

  remove(pid: number): void {
    this.entries.delete(pid);
    this.save();
  }

  /** Kills the process groups a predecessor recorded and left running; returns how many. */
  killLeftovers(): number {
    if (!existsSync(this.file)) return 0;
    let killed = 0;
    try {
      const previous = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
      // Without a way to tell a task from a later process with its pid, nothing is killed.
      if (canIdentifyProcesses()) for (const [pid, startTime] of Object.entries(previous)) if (killLeftover(Number(pid), startTime)) killed += 1;
    } catch {
      // A torn ledger from a crash is not worth failing a start over.
    }
    rmSync(this.file, { force: true });
    return killed;
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.entries)));
  }
}

/**
 * A recorded group is still the task's when its leader runs with the recorded start time, or when
 * the leader is gone but members are left: Linux never gives a new process a pid that is still some
 * group's id. A leader pid that now names another process is left alone.
 */
function killLeftover(pid: number, recordedStart: string): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || recordedStart === '') return false;
  const startTime = processStartTime(pid);
  if (startTime !== undefined && startTime !== recordedStart) return false;
  return signalGroup(pid, 'SIGKILL');
}
