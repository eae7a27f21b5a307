/**
 * The admin API on a developer's machine: only loopback Hosts (DNS rebinding), mutating routes only
 * same-origin and with the per-start token, no CORS; the console page carries the token.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { hostname, isLoopbackName } from '../../src/admin/guard.js';
import { startAdminServer } from '../../src/admin/server.js';
import type { Status } from '../../src/admin/status.js';
import type { DeploymentRecord } from '../../src/ecs/deployment.js';

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string }

function send(url: string, options: { method?: string; headers?: Record<string, string> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const deployment = { id: 'd1', revision: 2, status: 'IN_PROGRESS' } as unknown as DeploymentRecord;

async function admin(t: { after: (fn: () => void) => void }) {
  const deployed: string[] = [];
  const server = await startAdminServer({
    host: '127.0.0.1',
    port: 0,
    status: () => ({ version: 1 }) as Status,
    deploy: async (name) => {
      deployed.push(name);
      return deployment;
    },
    extension: (req, res, { token }) => {
      if (req.url !== '/') return false;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<meta name="gatelink-token" content="${token}">`);
      return true;
    },
  });
  t.after(() => void server.close());
  return { server, deployed, port: new URL(server.url).port };
}

test('Host names: loopback names and addresses pass, anything else does not', () => {
  for (const host of ['localhost', 'LOCALHOST.', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1']) assert.ok(isLoopbackName(host), host);
  for (const host of ['evil.example', 'localhost.evil.example', '10.0.0.1', '0.0.0.0', '::ffff:10.0.0.1', '128.0.0.1']) assert.ok(!isLoopbackName(host), host);
  assert.equal(hostname('[::1]:8090'), '::1');
  assert.equal(hostname('localhost:8090'), 'localhost');
  assert.equal(hostname(undefined), undefined);
});

test('DNS rebinding: a request with Host: evil.example gets 421 JSON, on reads and writes alike', async (t) => {
  const { server, deployed } = await admin(t);
  for (const method of ['GET', 'POST']) {
    const reply = await send(`${server.url}/v1/${method === 'GET' ? 'status' : 'services/web/deployments'}`, { method, headers: { host: 'evil.example:8090', 'x-gatelink-token': server.token } });
    assert.equal(reply.status, 421);
    assert.match((JSON.parse(reply.body) as { message: string }).message, /loopback.*DNS rebinding/);
  }
  assert.deepEqual(deployed, []);
  const local = await send(`${server.url}/v1/status`, { headers: { host: `localhost:${new URL(server.url).port}` } });
  assert.equal(local.status, 200);
  assert.equal(local.headers['access-control-allow-origin'], undefined, 'no CORS');
});

test('POST deployment: refused without the token, with a wrong one, from a foreign Origin or cross-site; accepted same-origin with the token', async (t) => {
  const { server, deployed, port } = await admin(t);
  const url = `${server.url}/v1/services/web/deployments`;
  const refused: Record<string, string>[] = [
    {},
    { 'x-gatelink-token': 'wrong' },
    { 'x-gatelink-token': server.token, origin: 'https://evil.example' },
    { 'x-gatelink-token': server.token, origin: `http://127.0.0.1:${Number(port) + 1}` },
    { 'x-gatelink-token': server.token, 'sec-fetch-site': 'cross-site' },
    { 'x-gatelink-token': server.token, 'sec-fetch-site': 'same-site' },
  ];
  for (const headers of refused) {
    const reply = await send(url, { method: 'POST', headers });
    assert.equal(reply.status, 403, JSON.stringify(headers));
    assert.ok((JSON.parse(reply.body) as { message: string }).message.length > 0);
  }
  assert.deepEqual(deployed, [], 'no refused request started a deployment');
  const accepted = await send(url, { method: 'POST', headers: { 'x-gatelink-token': server.token, origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' } });
  assert.equal(accepted.status, 201);
  const cli = await send(url, { method: 'POST', headers: { 'x-gatelink-token': server.token } });
  assert.equal(cli.status, 201, 'the CLI sends no Origin');
  assert.deepEqual(deployed, ['web', 'web']);
});

test('a cross-site subresource read of the API is refused; navigating to the page is not; the page carries this start’s token', async (t) => {
  const { server } = await admin(t);
  const read = await send(`${server.url}/v1/status`, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } });
  assert.equal(read.status, 403);
  const page = await send(`${server.url}/`, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } });
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(`content="${server.token}"`));
  const other = await startAdminServer({ host: '127.0.0.1', port: 0, status: () => ({}) as Status });
  t.after(() => void other.close());
  assert.notEqual(other.token, server.token, 'a token per start');
});

test('POST /v1/services/{name}/tasks/{id}/stop: 202 with the reason; 404 JSON for an unknown task; the token required', async (t) => {
  const stopped: string[] = [];
  const server = await startAdminServer({
    host: '127.0.0.1',
    port: 0,
    status: () => ({}) as Status,
    stopTask: async (service, task) => {
      if (task !== 't1') {
        const { GatelinkError } = await import('../../src/errors.js');
        throw new GatelinkError('GL_ERR_TASK_UNKNOWN', { service, task });
      }
      stopped.push(`${service}/${task}`);
      return { taskId: task, stoppedReason: 'Task stopped by user' };
    },
  });
  t.after(() => void server.close());
  const headers = { 'x-gatelink-token': server.token };
  const ok = await send(`${server.url}/v1/services/web/tasks/t1/stop`, { method: 'POST', headers });
  assert.deepEqual([ok.status, JSON.parse(ok.body)], [202, { taskId: 't1', stoppedReason: 'Task stopped by user' }]);
  const missing = await send(`${server.url}/v1/services/web/tasks/nope/stop`, { method: 'POST', headers });
  assert.equal(missing.status, 404);
  assert.equal((JSON.parse(missing.body) as { code: string }).code, 'GL_ERR_TASK_UNKNOWN');
  assert.equal((await send(`${server.url}/v1/services/web/tasks/t1/stop`, { method: 'POST' })).status, 403, 'the token is required');
  assert.deepEqual(stopped, ['web/t1']);
});
