/**
 * The embedded Secrets Manager and SSM APIs through the real AWS SDK v3 clients, pointed at them as a
 * task's SDK is (endpoint URL, dummy credentials): values, versions, paging and AWS's error types.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { startSecretsApi } from '../../src/engines/secrets-api/server.js';
import type { SecretsApi } from '../../src/engines/secrets-api/server.js';
import { SecretStore } from '../../src/secrets/store.js';

const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;
let api: SecretsApi;
let sm: SecretsManagerClient;
let ssm: SSMClient;

before(async () => {
  const store = SecretStore.open(mkdtempSync(path.join(tmpdir(), 'gl-api-')), arnOf);
  store.syncWithPlan(
    [{ id: 'S/Db', name: 'db', arn: arnOf('db'), description: 'database', secretString: '{"username":"app","password":"pw1"}' }],
    ['/app/a', '/app/b', '/app/deep/c', '/other/x', ...Array.from({ length: 12 }, (_, i) => `/many/p${String(i).padStart(2, '0')}`)].map((name) => ({ id: `S${name}`, name, type: 'String' as const, value: `value of ${name}` })),
  );
  store.setParameter('/app/secure', 'hidden', 'SecureString');
  api = await startSecretsApi({ store, region: 'us-east-1', accountId: '000000000000' });
  const config = { endpoint: api.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
  sm = new SecretsManagerClient(config);
  ssm = new SSMClient(config);
});

after(async () => {
  sm.destroy();
  ssm.destroy();
  await api.close();
});

test('GetSecretValue by name and by ARN; DescribeSecret and ListSecrets show stages, never values', async () => {
  const byName = await sm.send(new GetSecretValueCommand({ SecretId: 'db' }));
  assert.equal(byName.SecretString, '{"username":"app","password":"pw1"}');
  assert.equal(byName.ARN, arnOf('db'));
  assert.deepEqual(byName.VersionStages, ['AWSCURRENT']);
  assert.ok(byName.CreatedDate instanceof Date);
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: arnOf('db') }))).VersionId, byName.VersionId);
  const described = await sm.send(new DescribeSecretCommand({ SecretId: 'db' }));
  assert.equal(described.Description, 'database');
  assert.deepEqual(described.VersionIdsToStages, { [byName.VersionId as string]: ['AWSCURRENT'] });
  const listed = await sm.send(new ListSecretsCommand({}));
  assert.deepEqual(listed.SecretList?.map((s) => s.Name), ['db']);
  assert.ok(!JSON.stringify(listed).includes('pw1'));
});

test('PutSecretValue: the new version is AWSCURRENT, the old AWSPREVIOUS; a retry with the same token is idempotent', async () => {
  const put = await sm.send(new PutSecretValueCommand({ SecretId: 'db', SecretString: 'v2', ClientRequestToken: 'token-0000000000000000000000000000001' }));
  assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'db' }))).SecretString, 'v2');
  assert.match((await sm.send(new GetSecretValueCommand({ SecretId: 'db', VersionStage: 'AWSPREVIOUS' }))).SecretString ?? '', /pw1/);
  const retry = await sm.send(new PutSecretValueCommand({ SecretId: 'db', SecretString: 'v2', ClientRequestToken: 'token-0000000000000000000000000000001' }));
  assert.equal(retry.VersionId, put.VersionId);
});

test('an unknown secret or stage is ResourceNotFoundException, as the SDK types it', async () => {
  await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'missing' })), (error: unknown) => error instanceof ResourceNotFoundException && /can't find the specified secret/.test(error.message));
  await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'db', VersionStage: 'NOPE' })), (error: unknown) => error instanceof ResourceNotFoundException && /staging label: NOPE/.test(error.message));
});

test('GetParameter, with a version selector; a SecureString only decrypted WithDecryption; unknown → ParameterNotFound', async () => {
  const got = await ssm.send(new GetParameterCommand({ Name: '/app/a' }));
  assert.equal(got.Parameter?.Value, 'value of /app/a');
  assert.equal(got.Parameter?.ARN, 'arn:aws:ssm:us-east-1:000000000000:parameter/app/a');
  assert.equal((await ssm.send(new GetParameterCommand({ Name: '/app/a:1' }))).Parameter?.Selector, ':1');
  assert.notEqual((await ssm.send(new GetParameterCommand({ Name: '/app/secure' }))).Parameter?.Value, 'hidden');
  assert.equal((await ssm.send(new GetParameterCommand({ Name: '/app/secure', WithDecryption: true }))).Parameter?.Value, 'hidden');
  await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/app/none' })), (error: unknown) => error instanceof ParameterNotFound);
});

test('GetParameters lists unknown names in InvalidParameters', async () => {
  const got = await ssm.send(new GetParametersCommand({ Names: ['/app/a', '/nope'] }));
  assert.deepEqual(got.Parameters?.map((p) => p.Name), ['/app/a']);
  assert.deepEqual(got.InvalidParameters, ['/nope']);
});

test('GetParametersByPath: one level or Recursive, pages of at most 10 with NextToken', async () => {
  const level = await ssm.send(new GetParametersByPathCommand({ Path: '/app' }));
  assert.deepEqual(level.Parameters?.map((p) => p.Name), ['/app/a', '/app/b', '/app/secure']);
  const deep = await ssm.send(new GetParametersByPathCommand({ Path: '/app/', Recursive: true }));
  assert.deepEqual(deep.Parameters?.map((p) => p.Name), ['/app/a', '/app/b', '/app/deep/c', '/app/secure']);
  const first = await ssm.send(new GetParametersByPathCommand({ Path: '/many' }));
  assert.equal(first.Parameters?.length, 10);
  const second = await ssm.send(new GetParametersByPathCommand({ Path: '/many', NextToken: first.NextToken }));
  assert.deepEqual(second.Parameters?.map((p) => p.Name), ['/many/p10', '/many/p11']);
  assert.equal(second.NextToken, undefined);
});

test('hostile input: unknown target, bad JSON and a too large body get AWS error shapes, not a crash', async () => {
  const post = (headers: Record<string, string>, body: string) => fetch(api.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', ...headers }, body });
  const unknown = await post({ 'x-amz-target': 'secretsmanager.DeleteEverything' }, '{}');
  assert.equal(unknown.status, 400);
  assert.equal(((await unknown.json()) as { __type: string }).__type, 'UnknownOperationException');
  const proto = await post({ 'x-amz-target': 'secretsmanager.__proto__' }, '{}');
  assert.equal(((await proto.json()) as { __type: string }).__type, 'UnknownOperationException');
  const bad = await post({ 'x-amz-target': 'AmazonSSM.GetParameter' }, '{"Name":');
  assert.equal(((await bad.json()) as { __type: string }).__type, 'SerializationException');
  const large = await post({ 'x-amz-target': 'AmazonSSM.GetParameter' }, JSON.stringify({ Name: 'x'.repeat(2 * 1024 * 1024) }));
  assert.equal(large.status, 413);
});
