import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { resolveUpOptions } from '../../src/cli/options.js';

test('defaults: 127.0.0.1:8080, admin 8090, .gatelink in the project, local timings, cdk.json in cwd', () => {
  const o = resolveUpOptions({}, {}, '/proj');
  assert.equal(o.port, 8080);
  assert.equal(o.adminPort, 8090);
  assert.equal(o.host, '127.0.0.1');
  assert.equal(o.dataDir, '/proj/.gatelink');
  assert.equal(o.timings, 'local');
  assert.deepEqual(o.source, { kind: 'cdk-dir', dir: '/proj' });
});

test('environment fallbacks, and flags win over them', () => {
  const env = { GATELINK_PORT: '9000', GATELINK_ADMIN_PORT: '9001', GATELINK_DATA_DIR: 'data' };
  const fromEnv = resolveUpOptions({}, env, '/proj');
  assert.equal(fromEnv.port, 9000);
  assert.equal(fromEnv.adminPort, 9001);
  assert.equal(fromEnv.dataDir, '/proj/data');
  const fromFlags = resolveUpOptions({ port: '7000', awsTimings: true }, env, '/proj');
  assert.equal(fromFlags.port, 7000);
  assert.equal(fromFlags.timings, 'aws');
});

test('every problem is reported at once with a code', () => {
  assert.throws(
    () => resolveUpOptions({ port: 'eighty', adminPort: 70000, app: 'x', template: 'y' }, {}, '/proj'),
    (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /port/.test(error.message) && /adminPort/.test(error.message),
  );
});

test('unknown options are rejected, not ignored', () => {
  assert.throws(() => resolveUpOptions({ prot: 8080 }, {}, '/proj'), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /prot/.test(error.message));
});

test('sources: --app runs in --cdk-dir, --assembly and --template resolve against the project', () => {
  assert.deepEqual(resolveUpOptions({ app: 'npx tsx bin/app.ts', cdkDir: 'infra' }, {}, '/proj').source, { kind: 'app', command: 'npx tsx bin/app.ts', cwd: '/proj/infra' });
  assert.deepEqual(resolveUpOptions({ assembly: 'cdk.out' }, {}, '/proj').source, { kind: 'assembly', dir: '/proj/cdk.out' });
  assert.deepEqual(resolveUpOptions({ template: 't.json' }, {}, '/proj').source, { kind: 'template', file: '/proj/t.json' });
});
