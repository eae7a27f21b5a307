/**
 * Container `Secrets` through the ECS scheduler: a task gets each secret (whole, a JSON key, an SSM
 * parameter) as an environment variable; when one is missing no process starts, the task stops with
 * ECS's ResourceInitializationError, and the log names the container and the secret — never a value.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import { EcsServiceRuntime } from '../../src/ecs/service.js';
import type { ContainerSecretPlan } from '../../src/plan/types.js';
import { containerSecretEnv } from '../../src/secrets/inject.js';
import { SecretStore } from '../../src/secrets/store.js';
import { timingProfile } from '../../src/timing/profile.js';
import { eventually, servicePlan } from '../ecs/fakes.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf';
const VALUE = 'p@ss-0123456789-never-logged';
/** A task that answers the SHA-256 of the variables it was given (never the values). */
const TASK = `require('node:http').createServer((q, s) => { const h = (v) => v === undefined ? null : require('node:crypto').createHash('sha256').update(v).digest('hex'); s.end(JSON.stringify({ password: h(process.env.DB_PASSWORD), whole: h(process.env.DB_JSON), mode: process.env.MODE ?? null, sm: process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? null })); }).listen(Number(process.env.PORT), '127.0.0.1')`;
const spec: RunSpec = { program: process.execPath, args: ['-e', TASK], cwd: tmpdir(), imageEnv: {}, stopSignal: 'SIGTERM', source: 'override' };

function setup(t: { after(fn: () => Promise<void> | void): void }, secrets: ContainerSecretPlan[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gl-inject-'));
  const store = SecretStore.open(dir, (name) => `${name}-arn`);
  store.syncWithPlan([{ id: 'S/Db', name: 'db', arn: ARN, secretString: JSON.stringify({ username: 'app', password: VALUE }) }], [{ id: 'S/Mode', name: '/app/mode', type: 'String', value: 'local' }]);
  let logged = '';
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => ((logged += chunk.toString()), done()) }));
  const base = servicePlan({ desiredCount: 1, loadBalancers: [] });
  const [container] = base.taskDefinition.containers;
  assert.ok(container);
  const plan = { ...base, taskDefinition: { ...base.taskDefinition, containers: [{ ...container, secrets }] } };
  const service = new EcsServiceRuntime(plan, {
    spec,
    containerName: 'web',
    targetGroups: [],
    registry: new CloudMapRegistry({ cloudMapNamespaces: [], cloudMapServices: [] }),
    timing: timingProfile('local'),
    logger,
    logDir: dir,
    region: 'us-east-1',
    engines: { secretsManager: 'http://127.0.0.1:1', ssm: 'http://127.0.0.1:1' },
    containerSecrets: (c) => containerSecretEnv(c, store),
  });
  t.after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { service, logs: () => logged };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

test('a task gets a JSON key of a secret, the whole secret and an SSM parameter as environment variables, and the API endpoints', async (t) => {
  const { service } = setup(t, [
    { name: 'DB_PASSWORD', valueFrom: `${ARN}:password::` },
    { name: 'DB_JSON', valueFrom: ARN },
    { name: 'MODE', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/app/mode' },
  ]);
  await service.start();
  const task = await eventually(() => service.snapshot().tasks.find((candidate) => candidate.status === 'RUNNING'), 10_000, 'a running task');
  const answer = (await (await fetch(`http://127.0.0.1:${task.port}/`)).json()) as Record<string, string | null>;
  assert.equal(answer.password, sha(VALUE));
  assert.equal(answer.whole, sha(JSON.stringify({ username: 'app', password: VALUE })));
  assert.equal(answer.mode, 'local');
  assert.equal(answer.sm, 'http://127.0.0.1:1');
});

for (const [what, valueFrom, reason] of [
  ['a JSON key the secret lacks', `${ARN}:pasword::`, /did not contain json key pasword/],
  ['a secret that does not exist', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:gone-AbCdEf', /ResourceNotFoundException.*secret:gone-AbCdEf|secret:gone-AbCdEf.*ResourceNotFoundException/],
  ['an SSM parameter that does not exist', '/app/missing', /invalid parameters: \/app\/missing/],
] as const) {
  test(`${what}: no process starts, the task stops with ResourceInitializationError; the log names container and secret, not the value`, async (t) => {
    const { service, logs } = setup(t, [{ name: 'DB_PASSWORD', valueFrom }]);
    await service.start();
    const stopped = await eventually(() => service.snapshot().stoppedTasks[0], 5_000, 'a stopped task');
    assert.match(stopped.stoppedReason, /^ResourceInitializationError: unable to pull secrets or registry auth/);
    assert.match(stopped.stoppedReason, reason);
    assert.equal(service.snapshot().tasks.length, 0);
    await eventually(() => logs().includes('task failed to start'), 5_000, 'the log line');
    assert.match(logs(), /"container":"web"/);
    assert.match(logs(), /"secret":"DB_PASSWORD"/);
    assert.ok(!logs().includes(VALUE), 'the secret value is never logged');
    // ECS keeps trying (with backoff): a second attempt follows.
    await eventually(() => service.snapshot().stoppedTasks.length >= 2, 5_000, 'a retry');
  });
}
