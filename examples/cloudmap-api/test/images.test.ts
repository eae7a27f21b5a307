/**
 * The images, checked without a Docker engine: the movies service is the repository's shared
 * Dockerfile told by build args which workspace and folder to build; the front end has its own
 * (it also runs Vite), which must copy every workspace manifest for `npm ci` to see the lock file's
 * workspace graph.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { MoviesApiStack } from '../lib/movies-api-stack.js';
import { REPO_ROOT } from '../lib/movies-service.js';

interface ImageSource {
  readonly dockerFile?: string;
  readonly dockerBuildArgs?: Record<string, string>;
}

function synthesizedImages(): ImageSource[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'images-'));
  try {
    const app = new App({ outdir });
    new MoviesApiStack(app, 'MoviesApiStack');
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(path.join(assembly.directory, 'MoviesApiStack.assets.json'), 'utf8')) as { dockerImages: Record<string, { source: ImageSource }> };
    return Object.values(manifest.dockerImages).map((image) => image.source);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('the movies image is docker/node-service.Dockerfile with build args naming a real workspace and service', () => {
  const images = synthesizedImages();
  assert.deepEqual(images.map((image) => image.dockerFile).sort(), ['docker/node-service.Dockerfile', 'examples/cloudmap-api/frontend/Dockerfile']);
  const args = images.find((image) => image.dockerFile === 'docker/node-service.Dockerfile')?.dockerBuildArgs ?? {};
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, args.PACKAGE_DIR ?? '-', 'package.json'), 'utf8')) as { name: string };
  assert.equal(manifest.name, args.SERVICE_PACKAGE);
  assert.ok(existsSync(path.join(REPO_ROOT, args.SERVICE_DIR ?? '-', 'tsconfig.build.json')));
  assert.ok(existsSync(path.join(REPO_ROOT, args.SERVICE_DIR ?? '-', 'src', 'server.ts')));
});

test('the front end Dockerfile copies the manifest of every npm workspace, and only of those', () => {
  const workspaces = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'examples/cloudmap-api/frontend/Dockerfile'), 'utf8');
  const copied = [...dockerfile.matchAll(/^COPY (\S+)\/package\.json \1\/$/gm)].map((match) => match[1]);
  assert.deepEqual([...copied].sort(), [...workspaces].sort());
});

test('.dockerignore sends the front end’s sources into the build context, and never cdk.out or dist', () => {
  const ignore = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!examples/cloudmap-api/frontend'));
  assert.ok(ignore.includes('**/dist'));
  assert.ok(ignore.includes('**/cdk.out'));
});
