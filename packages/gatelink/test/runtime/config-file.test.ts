/** gatelink.config.json: `publicPorts` is validated with the rest, and read back. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { loadConfigFile } from '../../src/runtime/config-file.js';

function withConfig(t: { after(fn: () => void): void }, content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'gatelink.config.json'), JSON.stringify(content));
  return dir;
}

test('publicPorts maps listener names to host ports', (t) => {
  const dir = withConfig(t, { publicPorts: { 'App/PublicAlb:80': 8081 } });
  assert.deepEqual(loadConfigFile(undefined, dir).publicPorts, { 'App/PublicAlb:80': 8081 });
});

test('a port outside 1-65535 in publicPorts is GL_ERR_CONFIG_INVALID naming the key', (t) => {
  const dir = withConfig(t, { publicPorts: { 'App/PublicAlb:80': 70000 } });
  assert.throws(() => loadConfigFile(undefined, dir), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && error.message.includes('publicPorts'));
});
