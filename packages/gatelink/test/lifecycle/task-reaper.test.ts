/**
 * The reaper ends the task groups gatelink listed once gatelink's end of the pipe closes (closing it
 * here stands for gatelink dying), leaves alone what was removed, and ignores the signals aimed at gatelink.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { TaskReaper } from '../../src/lifecycle/task-reaper.js';
import { isRunning } from '../../src/process-identity.js';
import { ended, killQuietly, shellWithChild } from '../process-groups.js';

test('closing the pipe ends every listed task group, a shell-form command’s child too, within 5 s', async (t) => {
  const reaper = new TaskReaper();
  const first = await shellWithChild();
  const second = await shellWithChild();
  t.after(() => killQuietly([first.shell.pid, first.childPid, second.shell.pid, second.childPid, reaper.pid]));
  reaper.add(first.shell.pid ?? 0);
  reaper.add(second.shell.pid ?? 0, 'SIGINT');
  reaper.close();
  await ended([first.shell.pid ?? 0, first.childPid, second.shell.pid ?? 0, second.childPid, reaper.pid ?? 0], 5_000);
});

test('the task gets its stop signal first, as ECS sends it, before SIGKILL to its group', async (t) => {
  const reaper = new TaskReaper();
  const task = spawn('/bin/sh', ['-c', 'trap "echo stopped-by-$0; exit 0" INT; echo ready; while :; do sleep 0.05; done'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => killQuietly([task.pid, reaper.pid]));
  let output = '';
  task.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve) => task.stdout.once('data', () => resolve()));
  reaper.add(task.pid ?? 0, 'SIGINT');
  reaper.close();
  const [code] = (await once(task, 'exit')) as [number | null];
  assert.equal(code, 0);
  assert.match(output, /stopped-by-/);
});

test('a removed task is left alone, and the reaper ignores SIGTERM, SIGINT and SIGHUP', async (t) => {
  const reaper = new TaskReaper();
  const kept = await shellWithChild();
  const reaped = await shellWithChild();
  t.after(() => killQuietly([kept.shell.pid, kept.childPid, reaped.shell.pid, reaped.childPid, reaper.pid]));
  reaper.add(kept.shell.pid ?? 0);
  reaper.add(reaped.shell.pid ?? 0);
  reaper.remove(kept.shell.pid ?? 0);
  // Give the reaper time to start and install its handlers before signalling it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.kill(reaper.pid ?? 0, signal);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(isRunning(reaper.pid ?? 0), 'the reaper survives the signals');
  reaper.close();
  await ended([reaped.shell.pid ?? 0, reaped.childPid, reaper.pid ?? 0], 5_000);
  assert.ok(isRunning(kept.shell.pid ?? 0) && isRunning(kept.childPid), 'the removed task still runs');
});
