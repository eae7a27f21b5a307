/**
 * The services' one Dockerfile (docker/node-service.Dockerfile) is told which service to build by
 * build args. These checks stand in for a `docker build` (no Docker engine in CI): each image the app
 * synthesizes names a real workspace and service folder, and the Dockerfile copies every workspace
 * manifest, without which `npm ci` in the image would not see the lock file's workspace graph.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOCKERFILE = 'docker/node-service.Dockerfile';

interface ImageSource {
  readonly dockerFile?: string;
  readonly dockerBuildArgs?: Record<string, string>;
}

function synthesizedImages(): ImageSource[] {
  const assembly = buildApp().app.synth();
  return assembly.stacks.flatMap((stack) => {
    const manifest = path.join(assembly.directory, `${stack.stackName}.assets.json`);
    if (!existsSync(manifest)) return [];
    const images = (JSON.parse(readFileSync(manifest, 'utf8')) as { dockerImages?: Record<string, { source: ImageSource }> }).dockerImages ?? {};
    return Object.values(images).map((image) => image.source);
  });
}

test('every service image is the shared Dockerfile with build args naming a real workspace and service', () => {
  const images = synthesizedImages();
  assert.equal(images.length, 2, 'the book and author services');
  for (const image of images) {
    assert.equal(image.dockerFile, DOCKERFILE);
    const args = image.dockerBuildArgs ?? {};
    const manifest = JSON.parse(readFileSync(path.join(ROOT, args.PACKAGE_DIR ?? '-', 'package.json'), 'utf8')) as { name: string };
    assert.equal(manifest.name, args.SERVICE_PACKAGE, 'PACKAGE_DIR holds SERVICE_PACKAGE');
    assert.ok(existsSync(path.join(ROOT, args.SERVICE_DIR ?? '-', 'tsconfig.build.json')), `${args.SERVICE_DIR}/tsconfig.build.json`);
    assert.ok(existsSync(path.join(ROOT, args.SERVICE_DIR ?? '-', 'src', 'server.ts')), 'dist/server.js, the CMD, is built from src/server.ts');
  }
});

test('the Dockerfile copies the manifest of every npm workspace, and only of those', () => {
  const workspaces = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  const dockerfile = readFileSync(path.join(ROOT, DOCKERFILE), 'utf8');
  const copied = [...dockerfile.matchAll(/^COPY (\S+)\/package\.json \1\/$/gm)].map((match) => match[1]);
  assert.deepEqual([...copied].sort(), [...workspaces].sort());
});
