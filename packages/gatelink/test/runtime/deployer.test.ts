/** Redeploys: `gatelink deploy` (build → re-read the run spec → rolling deployment) and `up --watch`. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { startAdminServer } from '../../src/admin/server.js';
import type { Status } from '../../src/admin/status.js';
import type { DeploymentRecord } from '../../src/ecs/deployment.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import type { EcsServiceRuntime } from '../../src/ecs/service.js';
import { isGatelinkError } from '../../src/errors.js';
import { Deployer } from '../../src/runtime/deployer.js';
import type { RedeploySettings } from '../../src/runtime/config-file.js';
import { eventually } from '../ecs/fakes.js';

function fixture(t: { after(fn: () => void): void }, settings: RedeploySettings = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-deployer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const calls: { spec: RunSpec; cause: string }[] = [];
  let respecs = 0;
  const runtime = {
    name: 'web',
    workingDirectory: dir,
    deploy: (spec: RunSpec, cause: string): DeploymentRecord => {
      calls.push({ spec, cause });
      return { id: `d${calls.length}`, revision: calls.length + 1, status: 'IN_PROGRESS', reason: cause, failedTasks: 0, startedAt: new Date().toISOString() };
    },
  } as unknown as EcsServiceRuntime;
  const respec = async (): Promise<RunSpec> => {
    respecs += 1;
    return { program: 'node', args: [`v${respecs}.js`], cwd: dir, imageEnv: {}, stopSignal: 'SIGTERM', source: 'dockerfile' };
  };
  const deployer = new Deployer(new Map([['web', { runtime, respec, settings }]]), { logger: pino({ level: 'silent' }), projectDir: dir });
  return { dir, calls, deployer };
}

test('deploy re-reads the run spec and starts a rolling deployment with the cause', async (t) => {
  const { deployer, calls } = fixture(t);
  const record = await deployer.deploy('web', 'gatelink deploy');
  assert.equal(record.status, 'IN_PROGRESS');
  assert.deepEqual(calls.map((call) => [call.spec.args[0], call.cause]), [['v1.js', 'gatelink deploy']]);
});

test('an unknown service is a clear error naming the known ones', async (t) => {
  const { deployer } = fixture(t);
  await assert.rejects(deployer.deploy('nope', 'x'), (error: unknown) => isGatelinkError(error, 'GL_ERR_DEPLOY_UNKNOWN_SERVICE') && /web/.test(error.message));
});

test('the configured build runs first; when it fails nothing is deployed and its output is shown', async (t) => {
  const failing = fixture(t, { build: 'echo compiling; echo "error TS2322" >&2; exit 2' });
  await assert.rejects(failing.deployer.deploy('web', 'x'), (error: unknown) => isGatelinkError(error, 'GL_ERR_DEPLOY_BUILD_FAILED') && /TS2322/.test(error.message) && /exited with 2/.test(error.message));
  assert.equal(failing.calls.length, 0);
  const working = fixture(t, { build: 'touch built.txt' });
  await working.deployer.deploy('web', 'x');
  assert.equal(working.calls.length, 1);
});

test('watch: a burst of changes redeploys once; node_modules and logs are ignored', async (t) => {
  const { dir, deployer, calls } = fixture(t);
  mkdirSync(path.join(dir, 'node_modules'));
  const stop = deployer.watch();
  t.after(stop);
  writeFileSync(path.join(dir, 'node_modules', 'x.js'), '1');
  writeFileSync(path.join(dir, 'app.log'), '1');
  for (let i = 0; i < 3; i++) writeFileSync(path.join(dir, 'server.js'), String(i));
  await eventually(() => calls.length === 1, 5_000, 'one redeploy');
  assert.match(calls[0]?.cause ?? '', /change in server\.js/);
  // A later, separate change redeploys again.
  writeFileSync(path.join(dir, 'server.js'), 'again');
  await eventually(() => calls.length === 2, 5_000, 'a second redeploy');
});

test('admin API: POST /v1/services/:name/deployments answers 201 with the deployment, 404 JSON for an unknown service', async (t) => {
  const { deployer } = fixture(t);
  const admin = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => ({}) as Status, deploy: (name, cause) => deployer.deploy(name, cause) });
  t.after(() => void admin.close());
  const headers = { 'x-gatelink-token': admin.token };
  const created = await fetch(`${admin.url}/v1/services/web/deployments`, { method: 'POST', headers });
  assert.equal(created.status, 201);
  assert.equal(((await created.json()) as DeploymentRecord).status, 'IN_PROGRESS');
  const missing = await fetch(`${admin.url}/v1/services/nope/deployments`, { method: 'POST', headers });
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { code: string }).code, 'GL_ERR_DEPLOY_UNKNOWN_SERVICE');
});

test('admin API: GET /v1/health and /v1/status answer JSON; an unknown route is a 404 JSON naming it', async (t) => {
  const admin = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => ({ version: 1 }) as Status });
  t.after(() => void admin.close());
  const health = await fetch(`${admin.url}/v1/health`);
  assert.deepEqual([health.status, await health.json()], [200, { status: 'ok' }]);
  assert.deepEqual(await (await fetch(`${admin.url}/v1/status?pretty`)).json(), { version: 1 });
  const missing = await fetch(`${admin.url}/v2/nothing`);
  assert.equal(missing.status, 404);
  assert.match(((await missing.json()) as { message: string }).message, /GET \/v2\/nothing/);
  const noDeployments = await fetch(`${admin.url}/v1/services/web/deployments`, { method: 'POST', headers: { 'x-gatelink-token': admin.token } });
  assert.equal(noDeployments.status, 501);
});

test('admin API: GET /v1/ready answers 503 until every service has its desired count healthy, then 200', async (t) => {
  let healthy = 1;
  const admin = await startAdminServer({
    host: '127.0.0.1',
    port: 0,
    status: () => ({}) as Status,
    readiness: () => ({ ready: healthy >= 2, services: [{ name: 'web', desiredCount: 2, healthyCount: healthy }] }),
  });
  t.after(() => void admin.close());
  const waiting = await fetch(`${admin.url}/v1/ready`);
  assert.equal(waiting.status, 503);
  assert.deepEqual(await waiting.json(), { ready: false, services: [{ name: 'web', desiredCount: 2, healthyCount: 1 }] });
  healthy = 2;
  const ready = await fetch(`${admin.url}/v1/ready`);
  assert.equal(ready.status, 200);
  assert.equal(((await ready.json()) as { ready: boolean }).ready, true);
  const without = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => ({}) as Status });
  t.after(() => void without.close());
  assert.equal((await fetch(`${without.url}/v1/ready`)).status, 501);
});
