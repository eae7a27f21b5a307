/**
 * Runs the system the way a user does — `npm start` from the repo root — on free ports and a
 * throw-away data dir, and gives tests what they need to poke it: the URLs, the admin status, the
 * combined output, and a stop that checks every process is gone.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning } from '../../packages/gatelink/src/process-identity.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const scratchDirs: string[] = [];
process.once('exit', () => {
  if (process.env.GATELINK_KEEP_TEST_DIRS === '1') return;
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A temp dir removed when the test file's process exits (the test runner gives each file its own),
 * after its systems have stopped; GATELINK_KEEP_TEST_DIRS=1 keeps them to read a failed run's logs.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

export interface StatusTask { id: string; pid: number; port: number; health: string }
export interface Status {
  services: { name: string; desiredCount: number; runningCount: number; tasks: StatusTask[]; stoppedTasks: { id: string; exitCode: number | null }[] }[];
  targetGroups: { name: string; targets: { id: string; port: number; state: string }[] }[];
  routes: { routeKey: string }[];
  /** Cloud Map services and their registered instances (port = the task's port). */
  cloudMap?: { namespace: string; service: string; instances: { id: string; health: string; port: string }[] }[];
}

export interface RunningSystem {
  readonly gateway: string;
  readonly admin: string;
  readonly dataDir: string;
  output(): string;
  status(): Promise<Status>;
  /** SIGTERM to the whole process group (as a terminal's Ctrl-C would), resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  readonly child: ChildProcess;
}

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

export async function startSystem(options: { args?: string[]; dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningSystem> {
  const [port, adminPort] = [await freePort(), await freePort()];
  const dataDir = options.dataDir ?? scratchDir('gatelink-e2e-');
  const command = options.args ? ['exec', '--', 'gatelink', 'up', ...options.args] : ['start'];
  const child = spawn('npm', command, {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, GATELINK_PORT: String(port), GATELINK_ADMIN_PORT: String(adminPort), GATELINK_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const admin = `http://127.0.0.1:${adminPort}`;
  const system: RunningSystem = {
    gateway: `http://127.0.0.1:${port}`,
    admin,
    dataDir,
    child,
    output: () => output,
    status: async () => (await (await fetch(`${admin}/v1/status`)).json()) as Status,
    stop: async (signal = 'SIGTERM') => {
      const pgid = child.pid;
      if (pgid && groupAlive(pgid)) process.kill(-pgid, signal);
      const code = await exited;
      // npm exits at once on a signal; gatelink, in the same process group, is still stopping.
      if (pgid) await eventually(() => !groupAlive(pgid), 20_000, 'every process of the group to exit');
      return code;
    },
  };
  return system;
}

export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every service has its desired count of healthy tasks. */
export function allHealthy(status: Status): boolean {
  return status.services.length > 0 && status.services.every((s) => s.tasks.filter((t) => t.health === 'healthy').length >= s.desiredCount);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` runs: a zombie (exited; an orphan waits for init to reap it) does not. */
export function isAlive(pid: number): boolean {
  return isRunning(pid);
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
