/** Secrets and SSM parameters in the plan: names and ARNs as CloudFormation gives them, Ref/GetAtt, support levels. */
import assert from 'node:assert/strict';
import test from 'node:test';
import type { AssemblyStack, CfnTemplate } from '../../src/assembly/index.js';
import { buildPlan } from '../../src/plan/index.js';

const template: CfnTemplate = {
  Resources: {
    Named: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'prod/db', SecretString: '{"password":"x"}' } },
    Attachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'Named' }, TargetId: 'db-1', TargetType: 'AWS::RDS::DBInstance' } },
    Rotation: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: 'Named' } } },
    Flag: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'StringList', Value: 'a,b' } },
    Td: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        ContainerDefinitions: [
          {
            Name: 'c',
            Image: 'img',
            Environment: [{ Name: 'FLAG_VALUE', Value: { 'Fn::GetAtt': ['Flag', 'Value'] } }, { Name: 'FLAG_NAME', Value: { Ref: 'Flag' } }],
            Secrets: [{ Name: 'DB', ValueFrom: { 'Fn::Join': ['', [{ Ref: 'Attachment' }, ':password::']] } }],
          },
        ],
      },
    },
    Svc: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Td' }, ServiceName: 's' } },
  },
};
const stack: AssemblyStack = { name: 'S', templateFile: 'S.template.json', template, environment: {}, dependencies: [], dockerImageAssets: new Map() };

test('a named secret keeps its name, its ARN gets the six-character suffix; an attachment’s Ref is the secret’s ARN', () => {
  const plan = buildPlan({ dir: '.', stacks: [stack] }, { region: 'eu-west-1', accountId: '123456789012' });
  const [secret] = plan.secrets ?? [];
  assert.equal(secret?.name, 'prod/db');
  assert.match(secret?.arn ?? '', /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod\/db-[A-Za-z]{6}$/);
  assert.equal(secret?.secretString, '{"password":"x"}');
  assert.deepEqual(plan.ecsServices[0]?.taskDefinition.containers[0]?.secrets, [{ name: 'DB', valueFrom: `${secret?.arn}:password::` }]);
});

test('an SSM parameter without Name gets CFN-<LogicalId>-<suffix>; Ref is the name, GetAtt Value the value', () => {
  const plan = buildPlan({ dir: '.', stacks: [stack] }, {});
  const [parameter] = plan.ssmParameters ?? [];
  assert.match(parameter?.name ?? '', /^CFN-Flag-[A-Z0-9]{12}$/);
  assert.equal(parameter?.type, 'StringList');
  assert.deepEqual(plan.ecsServices[0]?.taskDefinition.containers[0]?.environment, { FLAG_VALUE: 'a,b', FLAG_NAME: parameter?.name });
});

test('support levels: secrets and parameters emulated, attachment and rotation ignored with a reason', () => {
  const levels = Object.fromEntries(buildPlan({ dir: '.', stacks: [stack] }, {}).support.map((note) => [note.type, note.level]));
  assert.equal(levels['AWS::SecretsManager::Secret'], 'emulated');
  assert.equal(levels['AWS::SSM::Parameter'], 'emulated');
  assert.equal(levels['AWS::SecretsManager::SecretTargetAttachment'], 'ignored');
  assert.equal(levels['AWS::SecretsManager::RotationSchedule'], 'ignored');
});
