/** bin/gatelink.js refuses a Node.js older than engines.node with a clear message, before loading anything else. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERRORS } from '../../src/errors.js';

const bin = new URL('../../bin/gatelink.js', import.meta.url);
const { oldestSupported, unsupportedNodeMessage, NODE_UNSUPPORTED } = (await import(new URL('../../bin/node-version.js', import.meta.url).href)) as {
  oldestSupported: () => number[];
  unsupportedNodeMessage: (version: string, oldest?: number[]) => string | undefined;
  NODE_UNSUPPORTED: string;
};

test('the oldest supported Node is engines.node, and the code printed is in the error registry', () => {
  const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }).engines.node;
  assert.equal(`>=${oldestSupported().join('.')}`, engines);
  assert.ok(NODE_UNSUPPORTED in ERRORS);
});

test('versions below the oldest get the message, the oldest and newer ones none', () => {
  const oldest = [22, 12, 0];
  for (const old of ['v20.20.2', 'v22.11.9', 'v18.0.0', 'v22.9.0']) assert.match(unsupportedNodeMessage(old, oldest) ?? '', new RegExp(`22\\.12\\.0 or newer is needed, this is ${old}[\\s\\S]*GL_ERR_NODE_UNSUPPORTED`));
  for (const fine of ['v22.12.0', 'v22.13.1', 'v24.0.0', 'v26.10.0']) assert.equal(unsupportedNodeMessage(fine, oldest), undefined);
});

test('the running Node (the pinned one) is supported', () => {
  assert.equal(unsupportedNodeMessage(process.version), undefined);
});

// Black-box, with the system's own Node where it is an older one (this machine's is 20).
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((file) => existsSync(file) && file !== process.execPath);
const systemVersion = systemNode ? spawnSync(systemNode, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim() : '';
test('gatelink on an older system Node exits 1 with the message', { skip: !systemNode || !unsupportedNodeMessage(systemVersion) ? 'no older Node on this machine' : false }, () => {
  const result = spawnSync(systemNode ?? '', [bin.pathname, 'up'], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Node\.js 22\.12\.0 or newer is needed[\s\S]*\(GL_ERR_NODE_UNSUPPORTED\)/);
  assert.equal(result.stdout, '');
});
