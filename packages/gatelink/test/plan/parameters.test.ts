/**
 * Template parameters as CloudFormation takes them: values from --parameters (global or per stack)
 * over defaults, list types, AWS-specific id shapes, constraints, SSM-typed parameters from the local
 * store, and ONE error naming every parameter without a value. NoEcho values never appear in it.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type { AssemblyStack, CfnTemplate } from '../../src/assembly/index.js';
import { isGatelinkError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/index.js';
import { parseParameterFlags } from '../../src/plan/parameters.js';

function stack(name: string, template: CfnTemplate): AssemblyStack {
  return { name, templateFile: `${name}.template.json`, template, environment: {}, dependencies: [], dockerImageAssets: new Map() };
}

/** A stack whose ECS task definition environment shows what each parameter resolved to. */
function app(parameters: CfnTemplate['Parameters']): AssemblyStack {
  const env = Object.keys(parameters ?? {}).map((name) => ({ Name: name, Value: { 'Fn::Join': [',', { 'Fn::If': ['Never', [], [{ Ref: name }]] }] } }));
  return stack('App', {
    Parameters: parameters,
    Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
    Resources: {
      Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'c', Image: 'img', Environment: env }] } },
      Svc: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Td' }, ServiceName: 's' } },
    },
  });
}

function resolvedEnv(stacks: AssemblyStack[], given: Record<string, string>, ssm?: (name: string) => string | undefined): Record<string, string> {
  const plan = buildPlan({ dir: '.', stacks }, { parameters: { given, ...(ssm ? { ssmParameter: ssm } : {}) } });
  return plan.ecsServices[0]?.taskDefinition.containers[0]?.environment ?? {};
}

test('a given value wins over the default; Stack:Name over Name; defaults are used', () => {
  const parameters = { Mode: { Type: 'String', Default: 'dev' }, Size: { Type: 'Number', Default: 2 }, Name: { Type: 'String' } };
  assert.deepEqual(resolvedEnv([app(parameters)], { Name: 'n' }), { Mode: 'dev', Size: '2', Name: 'n' });
  assert.deepEqual(resolvedEnv([app(parameters)], { Name: 'n', Mode: 'all', 'App:Mode': 'mine' }), { Mode: 'mine', Size: '2', Name: 'n' });
});

test('list types give lists (space-trimmed); AWS-specific ids are taken as given', () => {
  const parameters = { VpcId: { Type: 'AWS::EC2::VPC::Id' }, Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' }, Names: { Type: 'CommaDelimitedList' } };
  assert.deepEqual(resolvedEnv([app(parameters)], { VpcId: 'vpc-0abc', Subnets: 'subnet-01, subnet-02', Names: 'a,b' }), { VpcId: 'vpc-0abc', Subnets: 'subnet-01,subnet-02', Names: 'a,b' });
});

test('SSM-typed parameters read the local SSM store; without it a stand-in is used and reported', () => {
  const parameters = { Image: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/image' } };
  assert.deepEqual(resolvedEnv([app(parameters)], {}, (name) => (name === '/app/image' ? 'from-store' : undefined)), { Image: 'from-store' });
  const plan = buildPlan({ dir: '.', stacks: [app(parameters)] }, {});
  assert.deepEqual(plan.parameterStandIns, ['App:Image (SSM parameter /app/image)']);
});

test('every parameter without a value, in every stack, is named in ONE error; unknown names and bad values join it', () => {
  const first = app({ VpcId: { Type: 'AWS::EC2::VPC::Id' }, Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' }, Ok: { Type: 'String', Default: 'x' } });
  const second = stack('Other', { Parameters: { Password: { Type: 'String', NoEcho: true, MinLength: 20 }, Port: { Type: 'Number', MaxValue: 100 } }, Resources: {} });
  assert.throws(
    () => buildPlan({ dir: '.', stacks: [first, second] }, { parameters: { given: { 'Other:Password': 'short-secret', Port: '8080', Typo: '1' } } }),
    (error: unknown) => {
      assert.ok(isGatelinkError(error, 'GL_ERR_PLAN_PARAMETERS'));
      for (const expected of ['App:VpcId', 'App:Subnets', 'Other:Password is shorter than MinLength 20', 'Other:Port "8080" is above MaxValue 100', 'no stack declares a parameter Typo', '(5 problem(s))']) assert.ok(error.message.includes(expected), `${expected} in ${error.message}`);
      assert.ok(!error.message.includes('short-secret'), 'a NoEcho value never appears');
      assert.ok(!error.message.includes('App:Ok'));
      return true;
    },
  );
});

test('values of the wrong shape or outside AllowedValues/AllowedPattern are refused as CloudFormation refuses them', () => {
  const parameters = { VpcId: { Type: 'AWS::EC2::VPC::Id' }, Env: { Type: 'String', AllowedValues: ['dev', 'prod'] }, Tag: { Type: 'String', AllowedPattern: '[a-z]+', ConstraintDescription: 'lower-case letters' } };
  assert.throws(() => buildPlan({ dir: '.', stacks: [app(parameters)] }, { parameters: { given: { VpcId: 'subnet-1', Env: 'qa', Tag: 'Abc' } } }), (error: unknown) =>
    isGatelinkError(error, 'GL_ERR_PLAN_PARAMETERS') && /not a valid AWS::EC2::VPC::Id/.test(error.message) && /AllowedValues dev, prod/.test(error.message) && /lower-case letters/.test(error.message),
  );
});

test('--parameters items: Name=value and Stack:Name=value, values may hold "="; a malformed item is a problem', () => {
  const problems: string[] = [];
  assert.deepEqual(parseParameterFlags(['A=1', 'S:B=x=y', 'C='], problems), { A: '1', 'S:B': 'x=y', C: '' });
  parseParameterFlags(['=1', 'novalue'], problems);
  assert.equal(problems.length, 2);
});
