/**
 * Tasks die with their gatelink, however it dies (SIGKILL, the OOM killer, a crash): one small
 * reaper process per gatelink (./reaper-program.ts), in a session of its own so that signals to
 * gatelink's process group miss it, holds a pipe from gatelink and ends the task groups gatelink
 * listed when that pipe closes. Nothing about how a task sees signals changes while gatelink lives.
 * docs/architecture.md ("Nothing outlives gatelink") says why this and not PR_SET_PDEATHSIG.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { REAPER_PROGRAM } from './reaper-program.js';

export interface TaskWatch {
  add(pid: number, stopSignal?: NodeJS.Signals): void;
  remove(pid: number): void;
}

export class TaskReaper implements TaskWatch {
  private readonly child: ChildProcess;
  private broken = false;

  constructor(nodePath = process.execPath) {
    this.child = spawn(nodePath, ['-e', REAPER_PROGRAM], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: {} });
    this.child.on('error', () => (this.broken = true));
    // A reaper killed by hand: the ledger is left as the second line of defence.
    this.child.stdin?.on('error', () => (this.broken = true));
    // Neither the process nor its pipe keeps gatelink running.
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  add(pid: number, stopSignal: NodeJS.Signals = 'SIGTERM'): void {
    this.send(`+${pid} ${stopSignal}\n`);
  }

  remove(pid: number): void {
    this.send(`-${pid}\n`);
  }

  /** After every task stopped: the reaper finds its list empty and exits. */
  close(): void {
    this.child.stdin?.end();
  }

  private send(line: string): void {
    if (!this.broken) this.child.stdin?.write(line);
  }
}

/** The ledger and the reaper told the same: a task started, a task gone. */
export function bothWatches(...watches: readonly TaskWatch[]): TaskWatch {
  return {
    add: (pid, stopSignal) => watches.forEach((watch) => watch.add(pid, stopSignal)),
    remove: (pid) => watches.forEach((watch) => watch.remove(pid)),
  };
}
