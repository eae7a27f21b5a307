/** The local store: values made once and kept (file mode 0600), template changes, CLI values win, versions and stages. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import type { SecretPlan } from '../../src/plan/types.js';
import { SecretStore } from '../../src/secrets/store.js';

const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-XyZabc`;
const generated: SecretPlan = { id: 'S/Db', name: 'Db-ABC', arn: arnOf('Db-ABC'), generate: { secretStringTemplate: '{"username":"app"}', generateStringKey: 'password' } };
const given: SecretPlan = { id: 'S/Key', name: 'api-key', arn: arnOf('api-key'), secretString: 'given-in-template' };

function open(dir: string): SecretStore {
  return SecretStore.open(dir, arnOf);
}

function current(store: SecretStore, id: string): string | undefined {
  const secret = store.findSecret(id);
  return secret ? store.version(secret, {})?.value : undefined;
}

test('a generated value is made once: a second store over the same data dir keeps it; the file is 0600 in a 0700 folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gl-store-'));
  const first = open(dir);
  first.syncWithPlan([generated, given], []);
  const value = current(first, 'Db-ABC');
  assert.match(JSON.parse(value ?? '{}').password, /^.{32}$/);
  assert.equal(current(first, 'api-key'), 'given-in-template');
  const again = open(dir);
  again.syncWithPlan([generated, given], []);
  assert.equal(current(again, 'Db-ABC'), value);
  assert.equal(statSync(first.file).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(first.file)).mode & 0o777, 0o700);
});

test('a changed definition in the template makes a new value (the old one becomes AWSPREVIOUS); a CLI value is never replaced', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gl-store-'));
  const store = open(dir);
  store.syncWithPlan([given], []);
  store.syncWithPlan([{ ...given, secretString: 'changed' }], []);
  assert.equal(current(store, 'api-key'), 'changed');
  const secret = store.findSecret('api-key');
  assert.ok(secret);
  assert.equal(store.version(secret, { versionStage: 'AWSPREVIOUS' })?.value, 'given-in-template');
  store.putValue('api-key', 'from-cli', { origin: 'cli' });
  open(dir).syncWithPlan([{ ...given, secretString: 'changed again' }], []);
  assert.equal(current(open(dir), 'api-key'), 'from-cli');
});

test('secrets are found by name, full ARN and partial ARN; parameters by name and ARN, CLI ones over the template’s', () => {
  const store = open(mkdtempSync(path.join(tmpdir(), 'gl-store-')));
  store.syncWithPlan([given], [{ id: 'S/P', name: '/app/mode', type: 'String', value: 'template' }]);
  assert.equal(store.findSecret(arnOf('api-key'))?.name, 'api-key');
  assert.equal(store.findSecret(arnOf('api-key').slice(0, -7))?.name, 'api-key');
  assert.equal(store.findSecret('nope'), undefined);
  assert.equal(store.parameter('arn:aws:ssm:us-east-1:000000000000:parameter/app/mode')?.value, 'template');
  store.setParameter('/app/mode', 'cli');
  assert.equal(store.parameter('/app/mode')?.value, 'cli');
  assert.equal(store.parameter('/app/mode')?.version, 2);
});

test('an unreadable store file is one clear error naming the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gl-store-'));
  open(dir).putValue('x', 'y');
  writeFileSync(open(dir).file, '{ not json');
  assert.throws(() => open(dir), (error: unknown) => isGatelinkError(error, 'GL_ERR_SECRETS_STORE') && error.message.includes('store.json'));
  assert.ok(!readFileSync(path.join(dir, 'secrets', 'store.json'), 'utf8').includes('"y"'));
});

test('a secret set with the CLI is found by an ARN of the real account, full (with its 6-character suffix) or partial', () => {
  const store = open(mkdtempSync(path.join(tmpdir(), 'gl-store-')));
  store.putValue('prod/db', 'v', { origin: 'cli' });
  assert.equal(store.findSecret('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf')?.name, 'prod/db');
  assert.equal(store.findSecret('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db')?.name, 'prod/db');
  assert.equal(store.findSecret('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/other-AbCdEf'), undefined);
});

test('a running gatelink and `gatelink secrets set` beside it keep each other’s values', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gl-store-'));
  const running = open(dir);
  running.syncWithPlan([given], []);
  open(dir).putValue('prod/db', 'from-cli', { origin: 'cli' });
  open(dir).setParameter('/app/flag', 'on');
  running.putValue('api-key', 'put-through-the-api');
  const after = open(dir);
  assert.equal(current(after, 'prod/db'), 'from-cli');
  assert.equal(current(after, 'api-key'), 'put-through-the-api');
  assert.equal(after.parameter('/app/flag')?.value, 'on');
  assert.equal(current(running, 'prod/db'), 'from-cli', 'the running store sees the CLI value once it writes');
});
