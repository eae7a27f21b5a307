/**
 * gatelink as a user runs it (`gatelink up --cdk-dir infra`), started in its own process group on
 * free ports, with its output in a log file. `stop()` is what Ctrl-C in a terminal does — SIGTERM to
 * the group — and measures how long until everything is released: the group gone, every task gone,
 * both ports free.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, groupAlive, onCleanup, portIsFree, signalGroup, stopGroup, waitFor } from './processes.js';
import { cpuSeconds } from './proc.js';
import { allHealthy, fetchReady, fetchStatus, taskPids } from './status.js';
import type { Status } from './status.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'packages', 'gatelink', 'bin', 'gatelink.js');
const STOP_GRACE_MS = 20_000;

export interface Gatelink {
  readonly pid: number;
  readonly gatewayUrl: string;
  readonly adminUrl: string;
  readonly gatewayPort: number;
  readonly dataDir: string;
  status(): Promise<Status>;
  /** Resolves with milliseconds from spawn to every service's tasks healthy. */
  healthy(timeoutMs: number): Promise<number>;
  /** CPU seconds used so far by gatelink's process (every thread) and by the tasks it reported. */
  cpu(): Promise<{ gatelink: number; tasks: number }>;
  /** SIGTERM to the group; resolves with milliseconds until the group, the tasks and the ports are gone. */
  stop(): Promise<number>;
}

export async function startGatelink(options: { dataDir: string; logFile: string; args?: readonly string[]; cdkDir?: string }): Promise<Gatelink> {
  const [gatewayPort, adminPort] = [await freePort(), await freePort()];
  const log = openSync(options.logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [BIN, 'up', '--cdk-dir', options.cdkDir ?? 'infra', ...(options.args ?? [])], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, GATELINK_PORT: String(gatewayPort), GATELINK_ADMIN_PORT: String(adminPort), GATELINK_DATA_DIR: options.dataDir },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start gatelink');
  let exited = false;
  child.once('exit', () => (exited = true));
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  let tasks: number[] = [];
  const status = async (): Promise<Status> => {
    const current = await fetchStatus(adminUrl);
    tasks = [...new Set([...tasks, ...taskPids(current)])];
    return current;
  };
  let stopped: Promise<number> | undefined;
  const stop = (): Promise<number> => (stopped ??= stopAndMeasure(pid, [gatewayPort, adminPort], () => tasks));
  const unregister = onCleanup(() => stop().then(() => undefined));
  return {
    pid,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    adminUrl,
    gatewayPort,
    dataDir: options.dataDir,
    status,
    healthy: async (timeoutMs) => {
      const ok = await waitFor(async () => !exited && (await fetchReady(adminUrl).catch(() => false)), timeoutMs, 10);
      const at = performance.now() - spawnedAt;
      if (!ok || !allHealthy(await status())) throw new Error(`gatelink was not healthy within ${timeoutMs} ms${exited ? ' (it exited)' : ''}; its log:\n${tail(options.logFile)}`);
      return at;
    },
    // The tasks the last status showed (healthy() reads one): no further admin call to count in.
    cpu: () => Promise.resolve({ gatelink: cpuSeconds(pid), tasks: tasks.reduce((sum, task) => sum + cpuSeconds(task), 0) }),
    stop: async () => {
      unregister();
      return stop();
    },
  };
}

async function stopAndMeasure(pgid: number, ports: readonly number[], tasks: () => readonly number[]): Promise<number> {
  const started = performance.now();
  await stopGroup(pgid, STOP_GRACE_MS);
  // Tasks run in process groups of their own; gatelink stops them, but a forced stop may not have.
  await waitFor(() => tasks().every((task) => !groupAlive(task)), 5_000);
  for (const task of tasks()) if (groupAlive(task)) signalGroup(task, 'SIGKILL');
  await waitFor(async () => (await Promise.all(ports.map(portIsFree))).every(Boolean), 5_000);
  return performance.now() - started;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
