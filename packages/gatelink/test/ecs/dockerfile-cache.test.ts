/** Parsed Dockerfiles kept in the data dir: an unchanged one is not parsed again, a changed one is. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DockerfileCache } from '../../src/ecs/dockerfile-cache.js';
import { parseDockerfile } from '../../src/ecs/dockerfile.js';
import type { DockerBuildOptions } from '../../src/ecs/dockerfile.js';

function fixture(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-dockerfile-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dockerfile = path.join(dir, 'Dockerfile');
  const cacheFile = path.join(dir, 'dockerfiles.json');
  const parsed: string[] = [];
  const counting = (content: string, build?: DockerBuildOptions) => {
    parsed.push(content);
    return parseDockerfile(content, build);
  };
  return { dockerfile, cacheFile, parsed, counting };
}

test('an unchanged Dockerfile is parsed once, also across restarts (a new cache on the same file)', async (t) => {
  const { dockerfile, cacheFile, parsed, counting } = fixture(t);
  writeFileSync(dockerfile, 'FROM node:22\nWORKDIR /app\nCMD ["node", "server.js"]\n');
  const first = await new DockerfileCache(cacheFile, counting).read(dockerfile);
  const again = await new DockerfileCache(cacheFile, counting).read(dockerfile);
  assert.deepEqual(first, { workdir: '/app', env: {}, cmd: ['node', 'server.js'], baseImage: 'node:22' });
  assert.deepEqual(again, first);
  assert.equal(parsed.length, 1);
});

test('a changed Dockerfile is parsed again and its new CMD is used', async (t) => {
  const { dockerfile, cacheFile, parsed, counting } = fixture(t);
  const cache = new DockerfileCache(cacheFile, counting);
  writeFileSync(dockerfile, 'FROM node:22\nCMD ["node", "a.js"]\n');
  await cache.read(dockerfile);
  writeFileSync(dockerfile, 'FROM node:22\nCMD ["node", "b.js"]\n');
  assert.deepEqual((await cache.read(dockerfile)).cmd, ['node', 'b.js']);
  assert.equal(parsed.length, 2);
});

test('an unreadable cache file is ignored and replaced', async (t) => {
  const { dockerfile, cacheFile, parsed, counting } = fixture(t);
  writeFileSync(cacheFile, '{ not json');
  writeFileSync(dockerfile, 'FROM node:22\nCMD ["node", "a.js"]\n');
  assert.deepEqual((await new DockerfileCache(cacheFile, counting).read(dockerfile)).cmd, ['node', 'a.js']);
  await new DockerfileCache(cacheFile, counting).read(dockerfile);
  assert.equal(parsed.length, 1, 'the second cache read the file the first one wrote');
});

test('one Dockerfile read for two build targets gives each stage its own entry', async (t) => {
  const { dockerfile, cacheFile, parsed, counting } = fixture(t);
  writeFileSync(dockerfile, 'FROM node:22 AS a\nCMD ["node", "a.js"]\nFROM node:22 AS b\nCMD ["node", "b.js"]\n');
  const cache = new DockerfileCache(cacheFile, counting);
  assert.deepEqual((await cache.read(dockerfile, { target: 'a' })).cmd, ['node', 'a.js']);
  assert.deepEqual((await cache.read(dockerfile)).cmd, ['node', 'b.js']);
  assert.deepEqual((await new DockerfileCache(cacheFile, counting).read(dockerfile, { target: 'a' })).cmd, ['node', 'a.js']);
  assert.equal(parsed.length, 2, 'each target parsed once');
});

test('the same Dockerfile built with other build args gets its own entry, the same args hit', async (t) => {
  const { dockerfile, cacheFile, parsed, counting } = fixture(t);
  writeFileSync(dockerfile, 'FROM node:22\nARG APP=a\nWORKDIR /srv/${APP}\nCMD ["node", "main.js"]\n');
  const cache = new DockerfileCache(cacheFile, counting);
  assert.equal((await cache.read(dockerfile, { buildArgs: { APP: 'one' } })).workdir, '/srv/one');
  assert.equal((await cache.read(dockerfile, { buildArgs: { APP: 'two' } })).workdir, '/srv/two');
  assert.equal((await cache.read(dockerfile)).workdir, '/srv/a');
  assert.equal((await new DockerfileCache(cacheFile, counting).read(dockerfile, { buildArgs: { APP: 'one' } })).workdir, '/srv/one');
  assert.equal(parsed.length, 3, 'each set of args parsed once');
});
