import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isGatelinkError } from '../../src/errors.js';
import { findProgram, hostProgram, languageOf } from '../../src/ecs/languages.js';
import { resolveRunSpec } from '../../src/ecs/run-spec.js';
import type { ContainerPlan } from '../../src/plan/types.js';

const polyglot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'polyglot');

function container(dir: string, overrides: Partial<ContainerPlan> = {}): ContainerPlan {
  return {
    name: 'app',
    image: { kind: 'asset', directory: path.join(polyglot, dir), dockerfile: 'Dockerfile', assetHash: dir },
    essential: true,
    environment: {},
    portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
    stopTimeoutSeconds: 30,
    readonlyRootFilesystem: false,
    ...overrides,
  };
}

/** A PATH holding only the named fake executables. */
function fakePath(t: { after(fn: () => void): void }, names: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-path-'));
  for (const name of names) {
    writeFileSync(path.join(dir, name), '#!/bin/sh\n');
    chmodSync(path.join(dir, name), 0o755);
  }
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a Python image runs natively: CMD, WORKDIR and ENV mapped as for Node', async () => {
  const spec = await resolveRunSpec({ serviceName: 'svc', container: container('python'), projectDir: polyglot });
  assert.match(path.basename(spec.program), /^python3?$/);
  assert.deepEqual(spec.args, ['app.py']);
  assert.equal(spec.cwd, path.join(polyglot, 'python'));
  assert.equal(spec.imageEnv.GREETING, 'hello from python');
});

test('python -m from the task definition Command is kept as written', async () => {
  const spec = await resolveRunSpec({ serviceName: 'svc', container: container('python', { command: ['python3', '-m', 'http.server'] }), projectDir: polyglot });
  assert.equal(spec.program, 'python3');
  assert.deepEqual(spec.args, ['-m', 'http.server']);
});

test('`python` runs as python3 where only Python 3 is installed; an image path is looked up by name', (t) => {
  const only3 = fakePath(t, ['python3', 'java']);
  assert.equal(hostProgram('python', only3), 'python3');
  assert.equal(hostProgram('/opt/image-only/bin/java', only3), path.join(only3, 'java'));
  assert.equal(findProgram('python3', only3), path.join(only3, 'python3'));
});

test('a program that is not installed names the program and its toolchain', (t) => {
  const empty = fakePath(t, []);
  assert.deepEqual(hostProgram('go', empty), { kind: 'missing-program', program: 'go', language: 'Go' });
  assert.deepEqual(hostProgram('/usr/local/bin/python3.12', empty), { kind: 'missing-program', program: 'python3.12', language: 'Python 3' });
  assert.match(languageOf('java'), /^Java/);
});

test('a Java single-file source launch runs natively with java', async () => {
  const spec = await resolveRunSpec({ serviceName: 'svc', container: container('java'), projectDir: polyglot });
  assert.equal(spec.program, 'java');
  assert.deepEqual(spec.args, ['App.java']);
  assert.equal(spec.cwd, path.join(polyglot, 'java'));
});

test('java -jar of a jar the image builds is a clear error saying to build it first', async () => {
  await assert.rejects(
    resolveRunSpec({ serviceName: 'svc', container: container('java', { entryPoint: ['java', '-jar', 'target/app.jar'] }), projectDir: polyglot }),
    (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_NO_RUN_SPEC') && /target\/app\.jar does not exist/.test(error.message) && /mvn package/.test(error.message),
  );
});

test('a Go binary built in an earlier stage runs from its source with go run, or names the missing go', async () => {
  const hasGo = findProgram('go') !== undefined;
  const run = resolveRunSpec({ serviceName: 'svc', container: container('go'), projectDir: polyglot });
  if (hasGo) {
    const spec = await run;
    assert.deepEqual(spec.args, ['run', '.', '--verbose']);
    assert.equal(spec.cwd, path.join(polyglot, 'go'));
  } else {
    await assert.rejects(run, (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_MISSING_PROGRAM') && /runs `go`/.test(error.message) && /needs Go/.test(error.message));
  }
});

test('a single golang stage that builds and runs ./server runs its source with go run, or names the missing go', async () => {
  const run = resolveRunSpec({ serviceName: 'svc', container: container('go-single'), projectDir: polyglot });
  if (findProgram('go') !== undefined) {
    const spec = await run;
    assert.deepEqual(spec.args, ['run', '.']);
    assert.equal(spec.cwd, path.join(polyglot, 'go-single'));
  } else {
    await assert.rejects(run, (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_MISSING_PROGRAM') && /needs Go/.test(error.message));
  }
});

test('a missing program in an override is the same clear error', async () => {
  await assert.rejects(
    resolveRunSpec({ serviceName: 'svc', container: container('python'), override: { command: ['no-such-runtime-xyz', 'app'] }, projectDir: polyglot }),
    (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_MISSING_PROGRAM') && /no-such-runtime-xyz/.test(error.message),
  );
});

test('a build target selects that stage’s WORKDIR, ENV and CMD; the final stage is the default', async () => {
  const image = (target?: string) => ({ kind: 'asset' as const, directory: path.join(polyglot, 'multistage'), dockerfile: 'Dockerfile', assetHash: 'm', ...(target ? { target } : {}) });
  const dev = await resolveRunSpec({ serviceName: 'svc', container: container('multistage', { image: image('dev') }), projectDir: polyglot });
  assert.equal(dev.cwd, path.join(polyglot, 'multistage', 'dev'));
  assert.deepEqual(dev.args, ['dev.js']);
  assert.equal(dev.imageEnv.MODE, 'dev');
  const prod = await resolveRunSpec({ serviceName: 'svc', container: container('multistage', { image: image() }), projectDir: polyglot });
  assert.deepEqual(prod.args, ['prod.js']);
  assert.equal(prod.imageEnv.MODE, 'prod');
  await assert.rejects(
    resolveRunSpec({ serviceName: 'svc', container: container('multistage', { image: image('nope') }), projectDir: polyglot }),
    (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_NO_RUN_SPEC') && /target nope/.test(error.message) && /base, dev, prod/.test(error.message),
  );
});

test('a relative program (./server) is found in the container’s working directory', (t) => {
  const dir = fakePath(t, ['server']);
  assert.equal(hostProgram('./server', '', dir), './server');
  assert.equal(typeof hostProgram('./server', '', polyglot), 'object', 'not there: a problem, not a crash at spawn');
});

test('a program that exists but is not executable says so, instead of "not installed"', (t) => {
  const dir = fakePath(t, []);
  writeFileSync(path.join(dir, 'start.sh'), '#!/bin/sh\n');
  const problem = hostProgram('./start.sh', '', dir);
  assert.equal(typeof problem === 'object' && problem.kind, 'missing-file');
  assert.match(typeof problem === 'object' && problem.kind === 'missing-file' ? problem.detail : '', /not executable here.*chmod \+x/);
});
