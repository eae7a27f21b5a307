/**
 * Nothing outlives gatelink, however it is stopped: a signal to the `npm start` process alone (as a
 * supervisor, `timeout` or an IDE sends it), gatelink's stdout reader gone before the stop, and
 * gatelink killed with SIGKILL. Each checks, within the bound, that no task process runs and that the
 * system's ports are free. Run one after another on one data dir (warm starts), SIGKILL last.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { allHealthy, eventually, isAlive, portIsFree, repoRoot, scratchDir, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

const dataDir = scratchDir('gatelink-lifecycle-');
const started: RunningSystem[] = [];

after(() => {
  // A failed test must not leave its system behind for the next file.
  for (const system of started) {
    try {
      if (system.child.pid) process.kill(-system.child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

interface Healthy {
  readonly system: RunningSystem;
  readonly taskPids: number[];
  readonly taskPorts: number[];
  readonly ports: number[];
  readonly gatelinkPid: number;
}

/** `npm start`, or with `args` `npm exec -- gatelink up …` (what `npx gatelink up` runs). */
async function startHealthy(args?: string[]): Promise<Healthy> {
  const system = await startSystem({ dataDir, ...(args ? { args } : {}) });
  started.push(system);
  const status = await eventually(async () => {
    const current = await system.status();
    return allHealthy(current) && current;
  }, 120_000, `all tasks healthy\n${system.output()}`);
  const tasks = status.services.flatMap((service) => service.tasks);
  const ports = [system.gateway, system.admin].map((url) => Number(new URL(url).port));
  return { system, taskPids: tasks.map((task) => task.pid), taskPorts: tasks.map((task) => task.port), ports, gatelinkPid: gatelinkPid() };
}

/** Every task process ended and every port of the system free within `timeoutMs` of `since`. */
async function nothingLeft(healthy: Healthy, since: number, timeoutMs: number): Promise<void> {
  const left = async (): Promise<string[]> => {
    const pids = healthy.taskPids.filter(isAlive).map((pid) => `task pid ${pid}`);
    const ports = [];
    for (const port of [...healthy.ports, ...healthy.taskPorts]) if (!(await portIsFree(port))) ports.push(`port ${port}`);
    return [...pids, ...ports];
  };
  const remaining = timeoutMs - (Date.now() - since);
  await eventually(async () => (await left()).length === 0, Math.max(remaining, 0), 'every task to end and every port to be free').catch(async (error: Error) => {
    throw new Error(`${error.message}: still ${(await left()).join(', ')}\n${healthy.system.output()}`);
  });
}

function gatelinkPid(): number {
  return Number(readFileSync(path.join(dataDir, 'gatelink.pid'), 'utf8').split(' ')[0]);
}

test('a task sees the Node.js that gatelink runs on: the pinned LTS, in its health output', async () => {
  const healthy = await startHealthy();
  const pinned = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'node', 'package.json'), 'utf8')) as { version: string }).version;
  const status = await healthy.system.status();
  const books = status.services.find((service) => service.name.toLowerCase().includes('book'));
  const task = books?.tasks[0];
  assert.ok(task, 'a book-service task');
  const health = (await (await fetch(`http://127.0.0.1:${task.port}/api/books/health`)).json()) as { node?: string };
  assert.equal(health.node, `v${pinned}`);
  await healthy.system.stop();
});

const launchers = [
  { name: 'npm start', args: undefined, signals: ['SIGTERM', 'SIGHUP'] as const },
  // npm passes SIGTERM to an `sh -c` that dies of it (dash does not exec a lone command): gatelink sees its parent go.
  { name: 'npx gatelink up', args: ['--cdk-dir', 'infra'], signals: ['SIGTERM'] as const },
];
for (const { name, args, signals } of launchers) for (const signal of signals) {
  test(`${signal} to the \`${name}\` process alone stops gatelink and every task within 15 s, ports released`, async () => {
    const healthy = await startHealthy(args);
    const npmPid = healthy.system.child.pid;
    assert.ok(npmPid);
    const since = Date.now();
    process.kill(npmPid, signal);
    await nothingLeft(healthy, since, 15_000);
    await eventually(() => !isAlive(healthy.gatelinkPid), 15_000 - (Date.now() - since), 'gatelink to exit');
  });
}

test('SIGTERM to gatelink after its stdout/stderr reader exited: a graceful stop, logged to the data dir', async () => {
  const healthy = await startHealthy();
  const gatelink = healthy.gatelinkPid;
  const fallbackLog = path.join(dataDir, 'logs', 'gatelink.log');
  rmSync(fallbackLog, { force: true });
  // The reader goes: gatelink's next write to either pipe fails with EPIPE.
  healthy.system.child.stdout?.destroy();
  healthy.system.child.stderr?.destroy();
  const since = Date.now();
  process.kill(gatelink, 'SIGTERM');
  await nothingLeft(healthy, since, 15_000);
  await eventually(() => !isAlive(gatelink), 15_000, 'gatelink to exit');
  assert.match(readFileSync(fallbackLog, 'utf8'), /gatelink stopping \(SIGTERM\)[\s\S]*gatelink stopped in .*every task exited/);
});

test('SIGKILL to gatelink: every task group ends within 5 s, with the data dir gone', async () => {
  const healthy = await startHealthy();
  const since = Date.now();
  process.kill(healthy.gatelinkPid, 'SIGKILL');
  // No ledger to read: only the reaper can end them.
  rmSync(dataDir, { recursive: true, force: true });
  await nothingLeft(healthy, since, 5_000);
});
