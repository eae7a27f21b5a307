/** Dynamic references in a plan: resolved from the store wherever a value holds one; a missing one stops the start. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import type { Plan } from '../../src/plan/types.js';
import { resolveDynamicReferences } from '../../src/secrets/dynamic.js';
import { SecretStore } from '../../src/secrets/store.js';
import { servicePlan } from '../ecs/fakes.js';

function planWithEnv(environment: Record<string, string>): Plan {
  const service = servicePlan();
  const containers = service.taskDefinition.containers.map((c) => ({ ...c, environment }));
  const support = [{ resource: 'S/P', type: 'AWS::SSM::Parameter', level: 'emulated' as const, reason: 'quotes `{{resolve:ssm:…}}`' }];
  return { region: 'us-east-1', accountId: '0', stacks: [], httpApis: [], vpcLinks: [], loadBalancers: [], targetGroups: [], securityGroups: [], subnets: [], ecsServices: [{ ...service, taskDefinition: { ...service.taskDefinition, containers } }], cloudMapNamespaces: [], cloudMapServices: [], tables: [], support };
}

const store = SecretStore.open(mkdtempSync(path.join(tmpdir(), 'gl-dyn-')), (name) => `arn:${name}`);
store.putValue('db', JSON.stringify({ password: 'pw', port: 5432 }));
store.setParameter('/app/host', 'db.local');

test('container environment values with references get the values; the support notes are left as they are', () => {
  const plan = resolveDynamicReferences(planWithEnv({ URL: 'pg://app:{{resolve:secretsmanager:db:SecretString:password}}@{{resolve:ssm:/app/host}}:{{resolve:secretsmanager:db:SecretString:port}}', PLAIN: 'x' }), store);
  assert.deepEqual(plan.ecsServices[0]?.taskDefinition.containers[0]?.environment, { URL: 'pg://app:pw@db.local:5432', PLAIN: 'x' });
  assert.match(plan.support[0]?.reason ?? '', /resolve:ssm:…/);
});

test('a reference to nothing in the store is GL_ERR_SECRET_NOT_FOUND naming the reference and how to supply it', () => {
  assert.throws(() => resolveDynamicReferences(planWithEnv({ A: '{{resolve:secretsmanager:other:SecretString:password}}' }), store), (error: unknown) => isGatelinkError(error, 'GL_ERR_SECRET_NOT_FOUND') && /resolve:secretsmanager:other/.test(error.message) && /gatelink secrets set other/.test(error.hint));
  assert.throws(() => resolveDynamicReferences(planWithEnv({ A: '{{resolve:secretsmanager:db:SecretString:user}}' }), store), /key user/);
});
