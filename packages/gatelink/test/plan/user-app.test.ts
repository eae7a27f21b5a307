/**
 * The plan of the user-style CDK app (test/fixtures/user-app): CfnParameters naming an existing VPC
 * and its subnets, ApplicationLoadBalancedFargateService, a generated secret and an SSM parameter as
 * container secrets. Without --parameters the start fails with one error naming each parameter.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadAssembly } from '../../src/assembly/index.js';
import type { CloudAssembly } from '../../src/assembly/index.js';
import { isGatelinkError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/index.js';
import { synthUserApp } from '../fixtures/user-app/app.js';

let outdir: string;
let assembly: CloudAssembly;
const PARAMETERS = { VpcId: 'vpc-0a1b2c3d', PrivateSubnetIds: 'subnet-0a01,subnet-0a02', PublicSubnetIds: 'subnet-0b01,subnet-0b02' };

before(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'gatelink-user-app-'));
  synthUserApp(outdir);
  assembly = await loadAssembly(outdir);
});
after(() => rmSync(outdir, { recursive: true, force: true }));

test('without --parameters: one GL_ERR_PLAN_PARAMETERS naming the VPC id and both subnet lists (not the defaulted BootstrapVersion)', () => {
  assert.throws(
    () => buildPlan(assembly, {}),
    (error: unknown) =>
      isGatelinkError(error, 'GL_ERR_PLAN_PARAMETERS') &&
      ['UserAppStack:VpcId (AWS::EC2::VPC::Id)', 'UserAppStack:PrivateSubnetIds (List<AWS::EC2::Subnet::Id>)', 'UserAppStack:PublicSubnetIds'].every((name) => error.message.includes(name)) &&
      !error.message.includes('BootstrapVersion') &&
      /--parameters/.test(error.hint),
  );
});

test('with --parameters: the service runs in the given subnets behind an internet-facing ALB, its secrets named by ARN', () => {
  const plan = buildPlan(assembly, { parameters: { given: PARAMETERS } });
  const [service] = plan.ecsServices;
  assert.ok(service);
  assert.equal(service.name, 'Web', 'an aws-ecs-patterns service is named by the pattern’s construct id');
  assert.deepEqual(service.subnetIds, ['subnet-0a01', 'subnet-0a02']);
  assert.equal(plan.loadBalancers[0]?.scheme, 'internet-facing');
  const [secret] = plan.secrets ?? [];
  assert.ok(secret);
  assert.match(secret.arn, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:DbSecret685A0FA5-[A-Z0-9]{12}-[A-Za-z]{6}$/);
  assert.deepEqual(secret.generate, { passwordLength: 40, excludePunctuation: true, secretStringTemplate: '{"username":"app"}', generateStringKey: 'password' });
  const container = service.taskDefinition.containers[0];
  assert.deepEqual(container?.secrets, [
    { name: 'DB_PASSWORD', valueFrom: `${secret.arn}:password::` },
    { name: 'APP_MODE', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/user-app/mode' },
  ]);
  assert.equal(container?.environment.DB_SECRET_ARN, secret.arn);
  assert.deepEqual(plan.ssmParameters, [{ id: 'UserAppStack/ModeParameterBA6FD138', name: '/user-app/mode', type: 'String', value: 'from-ssm' }]);
  assert.deepEqual(plan.parameterStandIns, [], 'the unused BootstrapVersion is no reason to warn');
});
