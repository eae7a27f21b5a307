/** A native task is a container: when it stops, is killed or its main process exits, none of its processes is left. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { freePort } from '../../src/ecs/ports.js';
import { NativeTask } from '../../src/ecs/task.js';
import { ended, killQuietly } from '../process-groups.js';

/** A shell-form task (`/bin/sh -c …`) whose shell starts a `sleep` and writes its pid, then runs `then`. */
async function shellTask(t: { after: (fn: () => void) => void }, then: string, stopTimeoutMs = 5_000): Promise<{ task: NativeTask; childPid: () => Promise<number> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-task-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const task = new NativeTask({
    id: 'a'.repeat(32),
    serviceName: 'svc',
    containerName: 'web',
    spec: { program: '/bin/sh', args: ['-c', `sleep 30 & echo $! > child.pid; ${then}`], cwd: dir, imageEnv: {}, stopSignal: 'SIGTERM', source: 'dockerfile' },
    env: { PATH: process.env.PATH ?? '' },
    port: await freePort(),
    logDir: path.join(dir, 'logs'),
    stopTimeoutMs,
  });
  task.start();
  t.after(() => task.kill());
  const childPid = async (): Promise<number> => {
    for (;;) {
      const text = (() => {
        try {
          return readFileSync(path.join(dir, 'child.pid'), 'utf8');
        } catch {
          return '';
        }
      })();
      if (text.endsWith('\n')) return Number(text.trim());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { task, childPid };
}

test('stop: the stop signal reaches the main process, and its children end with it', async (t) => {
  const { task, childPid } = await shellTask(t, 'wait');
  const child = await childPid();
  t.after(() => killQuietly([child]));
  const exit = await task.stop('Scaling activity initiated by a test');
  assert.equal(exit.signal, 'SIGTERM', 'the shell got the stop signal');
  await ended([child]);
});

test('a main process that ignores the stop signal is killed at the stop timeout, with its children', async (t) => {
  const { task, childPid } = await shellTask(t, "trap '' TERM; wait; wait", 200);
  const child = await childPid();
  t.after(() => killQuietly([child]));
  const exit = await task.stop('Scaling activity initiated by a test');
  assert.equal(exit.signal, 'SIGKILL');
  await ended([child]);
});

test('when the main process exits on its own, the rest of the task is killed, as a container’s', async (t) => {
  const { task, childPid } = await shellTask(t, 'exit 3');
  const exited = new Promise<{ exitCode: number | null }>((resolve) => task.once('exit', resolve));
  const child = await childPid();
  t.after(() => killQuietly([child]));
  const exit = await exited;
  assert.equal(exit.exitCode, 3);
  await ended([child]);
});
