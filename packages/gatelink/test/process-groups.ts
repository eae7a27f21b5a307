/** Test helpers: shell commands that leave a child behind, and waiting for processes to end. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { isRunning } from '../src/process-identity.js';

/**
 * `/bin/sh` leading a process group of its own (spawned detached, as tasks are) with a `sleep` child
 * in the background; resolves once the shell has printed the child's pid. The shell then runs
 * `then` (default: waits for its child).
 */
export async function shellWithChild(then = 'wait'): Promise<{ shell: ChildProcess; childPid: number }> {
  const shell = spawn('/bin/sh', ['-c', `sleep 30 & echo $!; read line; ${then}`], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
  const childPid = await new Promise<number>((resolve, reject) => {
    shell.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    shell.once('exit', () => reject(new Error('the shell exited before printing its child’s pid')));
  });
  return { shell, childPid };
}

/** Lets the shell of `shellWithChild` go on to its `then`. */
export function release(shell: ChildProcess): void {
  shell.stdin?.end('go\n');
}

/** Resolves once none of `pids` runs (zombies count as ended); rejects after `timeoutMs`. */
export async function ended(pids: readonly number[], timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning)) {
    if (Date.now() > deadline) throw new Error(`still running: ${pids.filter(isRunning).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Best-effort cleanup of a test's processes. */
export function killQuietly(pids: readonly (number | undefined)[]): void {
  for (const pid of pids) {
    try {
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
