/** `gatelink deploy` finds the running gatelink's admin token: GATELINK_ADMIN_TOKEN, else the data dir's admin.json (flag, env, default). */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAdminFile, writeAdminFile } from '../../src/admin/token-file.js';
import { adminToken } from '../../src/cli/deploy-command.js';

test('admin.json: written 0600 for the CLI, read back by data dir, removed on stop; the environment variable wins', (t) => {
  const project = mkdtempSync(path.join(tmpdir(), 'gatelink-token-'));
  t.after(() => rmSync(project, { recursive: true, force: true }));
  const dataDir = path.join(project, '.gatelink');
  const elsewhere = path.join(project, 'elsewhere');
  mkdirSync(dataDir);
  mkdirSync(elsewhere);
  const remove = writeAdminFile(dataDir, { url: 'http://127.0.0.1:8090', token: 'tok-default', pid: process.pid });
  writeAdminFile(elsewhere, { url: 'http://127.0.0.1:9090', token: 'tok-elsewhere', pid: process.pid });
  assert.equal(statSync(path.join(dataDir, 'admin.json')).mode & 0o777, 0o600);
  assert.equal(adminToken(undefined, {}, project), 'tok-default');
  assert.equal(adminToken('elsewhere', {}, project), 'tok-elsewhere');
  assert.equal(adminToken(undefined, { GATELINK_DATA_DIR: elsewhere }, project), 'tok-elsewhere');
  assert.equal(adminToken(undefined, { GATELINK_ADMIN_TOKEN: 'from-env' }, project), 'from-env');
  remove();
  assert.equal(readAdminFile(dataDir), undefined);
  assert.equal(adminToken(undefined, {}, project), undefined);
});

