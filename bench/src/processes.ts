/**
 * Process hygiene for the bench: free ports, process-group checks, a stop that escalates from
 * SIGTERM to SIGKILL, and one list of cleanups that runs on normal exit, on error and on Ctrl-C,
 * so that nothing the bench started outlives it.
 */
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether any process is in group `pgid` (signal 0 checks without sending). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it holds; false when `timeoutMs` passed first. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // not yet
    }
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves once no process of the group is left. */
export async function stopGroup(pgid: number, graceMs: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitFor(() => !groupAlive(pgid), graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitFor(() => !groupAlive(pgid), 5_000);
}

type Cleanup = () => Promise<void> | void;
const cleanups = new Set<Cleanup>();

/** Registers `cleanup` to run at the latest when the bench exits or is interrupted; returns an unregister. */
export function onCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every pending cleanup, newest first, each at most once. */
export async function runCleanups(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`bench: cleanup failed: ${String(error)}\n`);
    }
  }
}

/** Ctrl-C or SIGTERM: clean up, then exit 130/143. */
export function cleanUpOnSignals(): void {
  const handle = (signal: NodeJS.Signals, code: number): void => {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping what was started …\n`);
      void runCleanups().finally(() => process.exit(code));
    });
  };
  handle('SIGINT', 130);
  handle('SIGTERM', 143);
}
