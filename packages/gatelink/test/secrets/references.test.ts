/** ValueFrom and dynamic reference syntax: secret ARNs with JSON keys and stages, SSM ARNs and names. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseDynamicReference, parseValueFrom, replaceDynamicReferences } from '../../src/secrets/references.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';

test('ValueFrom: a secret ARN alone, with a JSON key (CDK writes `<arn>:key::`), with a stage and a version id', () => {
  assert.deepEqual(parseValueFrom(ARN), { kind: 'secretsmanager', secretId: ARN });
  assert.deepEqual(parseValueFrom(`${ARN}:password::`), { kind: 'secretsmanager', secretId: ARN, jsonKey: 'password' });
  assert.deepEqual(parseValueFrom(`${ARN}::AWSPREVIOUS:`), { kind: 'secretsmanager', secretId: ARN, versionStage: 'AWSPREVIOUS' });
  assert.deepEqual(parseValueFrom(`${ARN}:user::0123`), { kind: 'secretsmanager', secretId: ARN, jsonKey: 'user', versionId: '0123' });
});

test('ValueFrom: an SSM parameter ARN (hierarchical or plain) or a bare name', () => {
  assert.deepEqual(parseValueFrom('arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/url'), { kind: 'ssm', name: '/app/db/url' });
  assert.deepEqual(parseValueFrom('arn:aws:ssm:eu-west-1:123456789012:parameter/plain'), { kind: 'ssm', name: 'plain' });
  assert.deepEqual(parseValueFrom('/app/flag'), { kind: 'ssm', name: '/app/flag' });
});

test('dynamic references: secretsmanager by name or ARN with SecretString:key:stage, ssm with a version', () => {
  assert.deepEqual(parseDynamicReference('secretsmanager', 'db:SecretString:password'), { kind: 'secretsmanager', secretId: 'db', jsonKey: 'password' });
  assert.deepEqual(parseDynamicReference('secretsmanager', `${ARN}:SecretString:password:AWSCURRENT`), { kind: 'secretsmanager', secretId: ARN, jsonKey: 'password', versionStage: 'AWSCURRENT' });
  assert.deepEqual(parseDynamicReference('secretsmanager', 'db'), { kind: 'secretsmanager', secretId: 'db' });
  assert.deepEqual(parseDynamicReference('ssm', '/app/flag:3'), { kind: 'ssm', name: '/app/flag', version: '3' });
  assert.deepEqual(parseDynamicReference('ssm', '/app/flag'), { kind: 'ssm', name: '/app/flag' });
});

test('replaceDynamicReferences substitutes each reference inside a longer string', () => {
  const out = replaceDynamicReferences('postgres://app:{{resolve:secretsmanager:db:SecretString:password}}@h/{{resolve:ssm:/app/db}}', (reference) => (reference.kind === 'ssm' ? 'main' : 'pw'));
  assert.equal(out, 'postgres://app:pw@h/main');
});
