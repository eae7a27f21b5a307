/**
 * The admin API of a running bookstore, safe on localhost: a DNS-rebinding Host is refused, a POST
 * deployment without the per-start token or from a foreign Origin is refused, and the CLI's
 * `gatelink deploy` still works as the user runs it (it reads the token from the data dir).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, repoRoot, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

const run = promisify(execFile);
let system: RunningSystem;

before(async () => {
  system = await startSystem();
  await eventually(async () => allHealthy(await system.status()), 120_000, `all tasks healthy\n${system?.output() ?? ''}`);
});

after(async () => {
  await system.stop();
  assert.equal(existsSync(path.join(system.dataDir, 'admin.json')), false, 'the token file goes when gatelink stops');
});

const curl = async (...args: string[]): Promise<{ status: number; body: string }> => {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
};

test('Host: evil.example (DNS rebinding) is refused with 421 and a JSON message, on the console page and the API', async () => {
  for (const target of ['/', '/v1/status', '/v1/console/stream']) {
    const reply = await curl('-H', 'Host: evil.example', `${system.admin}${target}`);
    assert.equal(reply.status, 421, target);
    assert.match((JSON.parse(reply.body) as { message: string }).message, /loopback/);
  }
  assert.equal((await curl('-H', `Host: localhost:${new URL(system.admin).port}`, `${system.admin}/v1/status`)).status, 200);
});

test('POST deployment without the token, or with it from a foreign Origin, is refused (403) and deploys nothing', async () => {
  const url = `${system.admin}/v1/services/bookService/deployments`;
  const token = (JSON.parse(await (await import('node:fs/promises')).readFile(path.join(system.dataDir, 'admin.json'), 'utf8')) as { token: string }).token;
  assert.equal((await curl('-X', 'POST', url)).status, 403);
  assert.equal((await curl('-X', 'POST', '-H', 'x-gatelink-token: guessed', url)).status, 403);
  assert.equal((await curl('-X', 'POST', '-H', `x-gatelink-token: ${token}`, '-H', 'Origin: https://evil.example', url)).status, 403);
  assert.equal((await curl('-X', 'POST', '-H', `x-gatelink-token: ${token}`, '-H', 'Sec-Fetch-Site: cross-site', url)).status, 403);
  const book = (await system.status()).services.find((service) => service.name === 'bookService') as unknown as { deployments: unknown[] };
  assert.deepEqual(book.deployments, [], 'nothing was deployed');
});

test('the CLI’s `gatelink deploy` works unchanged: it finds the token in the data dir', async () => {
  const { stdout } = await run('npx', ['gatelink', 'deploy', 'authorService', '--admin-port', new URL(system.admin).port], { cwd: repoRoot, env: { ...process.env, GATELINK_DATA_DIR: system.dataDir }, timeout: 120_000 });
  assert.match(stdout, /deployment \S+ of authorService: revision 2 started/);
  assert.match(stdout, /completed in/);
});
