/**
 * Any language, through the whole chain: `gatelink up` on a CDK app whose services run Python (an
 * ApplicationLoadBalancedFargateService with a container health check) and Java natively, answering
 * through HTTP API → VPC link → ALB → task; the Python task, once its health check fails, replaced.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import type { Status } from '../../src/admin/status.js';
import { resolveUpOptions } from '../../src/cli/options.js';
import { Progress } from '../../src/cli/progress.js';
import { findProgram } from '../../src/ecs/languages.js';
import { startSystem } from '../../src/runtime/system.js';
import { synthPolyglotApp } from '../fixtures/polyglot-app.js';
import { eventually } from './fakes.js';

test('a Python task and a Java task serve through the HTTP API and the ALB; an UNHEALTHY container gets its task replaced', { skip: !findProgram('python3') || !findProgram('java') ? 'needs python3 and java' : false }, async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'gatelink-polyglot-'));
  synthPolyglotApp(path.join(root, 'cdk.out'));
  const options = resolveUpOptions({ assembly: path.join(root, 'cdk.out'), port: 0, adminPort: 0, dataDir: path.join(root, 'data') }, {}, root);
  const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const system = await startSystem(options, { logger: pino({ level: 'silent' }), progress: new Progress(silent) });
  t.after(async () => {
    await system.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const status = async (): Promise<Status> => (await (await fetch(`${system.adminUrl}/v1/status`)).json()) as Status;
  await eventually(async () => (await status()).services.every((service) => service.tasks.some((task) => task.health === 'healthy')), 30_000, 'both services healthy');

  const blog = await fetch(`${system.gatewayUrl}/blog/posts`);
  assert.equal(blog.status, 200);
  const blogBody = (await blog.json()) as Record<string, string>;
  assert.equal(blogBody.language, 'python');
  assert.equal(blogBody.path, '/blog/posts');
  assert.equal(blogBody.greeting, 'hello from python', 'the Dockerfile ENV reached the task');

  const page = await fetch(`${system.gatewayUrl}/webpage`);
  assert.equal(page.status, 200);
  assert.deepEqual(await page.json(), { language: 'java', path: '/webpage' });

  const python = (await status()).services.find((service) => service.name === 'Blog');
  const first = python?.tasks[0];
  assert.equal(first?.healthStatus, 'HEALTHY', 'the container health check (python3, container port 8000) passed');

  // The container's own check (/ready) fails from now on, while the ALB's (/) still passes.
  assert.equal((await fetch(`${system.gatewayUrl}/blog/sicken`)).status, 200);
  const stopped = await eventually(async () => (await status()).services.find((service) => service.name === 'Blog')?.stoppedTasks.find((task) => task.id === first?.id), 20_000, 'the sick task replaced');
  assert.equal(stopped.stoppedReason, 'Task failed container health checks');
  await eventually(async () => (await status()).services.find((service) => service.name === 'Blog')?.tasks.some((task) => task.id !== first?.id && task.health === 'healthy'), 20_000, 'a healthy replacement');
  assert.equal((await fetch(`${system.gatewayUrl}/blog/again`)).status, 200);
});
