import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isGatelinkError } from '../../src/errors.js';
import { execWhenSimple, mapContainerPath, resolveRunSpec, scriptArgument } from '../../src/ecs/run-spec.js';
import type { ContainerPlan } from '../../src/plan/types.js';

const appDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'app');

function container(overrides: Partial<ContainerPlan> = {}): ContainerPlan {
  return {
    name: 'web',
    image: { kind: 'asset', directory: appDir, dockerfile: 'services/web/Dockerfile', assetHash: 'abc' },
    essential: true,
    environment: {},
    portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
    stopTimeoutSeconds: 30,
    readonlyRootFilesystem: true,
    ...overrides,
  };
}

test('run spec from a monorepo Dockerfile maps the final WORKDIR into the build context', async () => {
  const spec = await resolveRunSpec({ serviceName: 'svc', container: container(), projectDir: appDir });
  assert.equal(spec.source, 'dockerfile');
  assert.equal(spec.cwd, path.join(appDir, 'services/web'));
  assert.equal(spec.program, process.execPath, 'node runs with the Node.js that runs gatelink');
  assert.deepEqual(spec.args, ['server.js']);
  assert.equal(spec.imageEnv.GREETING, 'hello world');
});

test('the task definition Command replaces the image CMD, as ECS does', async () => {
  const spec = await resolveRunSpec({ serviceName: 'svc', container: container({ command: ['node', 'server.js', '--flag'] }), projectDir: appDir });
  assert.deepEqual(spec.args, ['server.js', '--flag']);
});

test('a script the image would build but that is missing here is a clear error naming the container', async () => {
  await assert.rejects(
    resolveRunSpec({ serviceName: 'svc', container: container({ command: ['node', 'dist/missing.js'] }), projectDir: appDir }),
    (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_NO_RUN_SPEC') && /container web of svc/.test(error.message) && /npm run build/.test(error.message),
  );
});

test('falls back to package.json start when there is no Dockerfile', async () => {
  const image = { kind: 'asset' as const, directory: path.join(appDir, 'services/web'), dockerfile: 'Nope.Dockerfile', assetHash: 'x' };
  const spec = await resolveRunSpec({ serviceName: 'svc', container: container({ image }), projectDir: appDir });
  assert.equal(spec.source, 'package.json');
  assert.deepEqual(spec.args, ['server.js']);
});

test('a package.json start script that is one command replaces its shell (exec); one with shell syntax keeps it', () => {
  assert.equal(execWhenSimple('tsx src/server.ts --port 8080'), 'exec tsx src/server.ts --port 8080');
  assert.equal(execWhenSimple('  next start  '), 'exec next start');
  assert.equal(execWhenSimple('node server.js --port=8080'), 'exec node server.js --port=8080');
  for (const script of ['npm run build && node dist/server.js', 'node a.js; node b.js', 'node server.js | pino-pretty', 'PORT=$PORT node server.js', 'NODE_ENV=production node server.js', 'node server.js > out.log', '(cd app && node server.js)']) {
    assert.equal(execWhenSimple(script), script, script);
  }
});

test('a registry image without an override is an error naming the container and the one-line override', async () => {
  const image = { kind: 'registry' as const, uri: 'public.ecr.aws/nginx/nginx:latest' };
  await assert.rejects(
    resolveRunSpec({ serviceName: 'svc', container: container({ image }), projectDir: appDir }),
    (error: unknown) =>
      isGatelinkError(error, 'GL_ERR_ECS_REGISTRY_IMAGE') &&
      /container web of svc uses the registry image public\.ecr\.aws\/nginx\/nginx:latest/.test(error.message) &&
      error.hint.includes('{"containers": {"web": {"command": ['),
  );
});

test('an override wins over everything and resolves its cwd against the project', async () => {
  const image = { kind: 'registry' as const, uri: 'nginx' };
  const spec = await resolveRunSpec({
    serviceName: 'svc',
    container: container({ image }),
    override: { command: ['node', 'server.js'], cwd: 'services/web', env: { A: '1' } },
    projectDir: appDir,
  });
  assert.equal(spec.source, 'override');
  assert.equal(spec.cwd, path.join(appDir, 'services/web'));
  assert.equal(spec.imageEnv.A, '1');
});

test('container paths outside the context mount fall back to the context root', () => {
  assert.equal(mapContainerPath('/app/services/x', '/repo', '/app'), '/repo/services/x');
  assert.equal(mapContainerPath('/app', '/repo', '/app'), '/repo');
  assert.equal(mapContainerPath('/elsewhere', '/repo', '/app'), '/repo');
  assert.equal(mapContainerPath('/application', '/repo', '/app'), '/repo');
});

test('the script node runs is found past options that take a separate value', () => {
  assert.equal(scriptArgument(['--import', 'tsx', 'src/server.ts']), 'src/server.ts');
  assert.equal(scriptArgument(['--enable-source-maps', '-r', 'dotenv/config', 'dist/a.js', '--port', '1']), 'dist/a.js');
  assert.equal(scriptArgument(['--import=tsx', 'b.js']), 'b.js');
  assert.equal(scriptArgument(['-e', 'console.log(1)']), undefined);
});
