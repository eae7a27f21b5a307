/**
 * Intrinsic functions, table-driven, as the CloudFormation reference defines them:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AssemblyStack, CfnTemplate } from '../../src/assembly/index.js';
import { isGatelinkError } from '../../src/errors.js';
import { NO_VALUE, Resolver } from '../../src/plan/resolve.js';

const template: CfnTemplate = {
  Parameters: { Env: { Type: 'String', Default: 'dev' }, Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/ami' } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] }, Both: { 'Fn::And': [{ Condition: 'NotProd' }, { 'Fn::Equals': ['a', 'a'] }] } },
  Mappings: { Sizes: { dev: { Count: 1 }, prod: { Count: 3 } } },
  Resources: { Bucket: { Type: 'AWS::S3::Bucket' } },
};
const stack: AssemblyStack = { name: 'S', templateFile: 'S.template.json', template, environment: {}, dependencies: [], dockerImageAssets: new Map() };
const resolver = new Resolver({
  stack,
  region: 'us-west-2',
  accountId: '123456789012',
  exports: new Map([['Shared:Vpc', 'vpc-123']]),
  attributeOf: (id, attribute) => (attribute ? `${id}.${attribute}` : `${id}-ref`),
});

const cases: [string, unknown, unknown][] = [
  ['Ref of a pseudo parameter', { Ref: 'AWS::Region' }, 'us-west-2'],
  ['Ref of AWS::AccountId / Partition / URLSuffix', [{ Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }], ['123456789012', 'aws', 'amazonaws.com']],
  ['Ref of a parameter uses its default', { Ref: 'Env' }, 'dev'],
  ['Ref of a resource is its physical id', { Ref: 'Bucket' }, 'Bucket-ref'],
  ['Fn::GetAtt, list form', { 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'Bucket.Arn'],
  ['Fn::GetAtt, dotted form', { 'Fn::GetAtt': 'Bucket.DomainName' }, 'Bucket.DomainName'],
  ['Fn::Join', { 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 'c']] }, 'a-dev-c'],
  ['Fn::Sub with pseudo parameters and attributes', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/${Bucket.Arn}' }, 'arn:aws:s3:::Bucket-ref/Bucket.Arn'],
  ['Fn::Sub with a variable map and a literal', { 'Fn::Sub': ['${Name}-${!Literal}', { Name: { Ref: 'Env' } }] }, 'dev-${Literal}'],
  ['Fn::Select', { 'Fn::Select': [1, ['a', 'b', 'c']] }, 'b'],
  ['Fn::Split', { 'Fn::Split': [',', 'a,b,c'] }, ['a', 'b', 'c']],
  ['Fn::Select of Fn::GetAZs', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, 'us-west-2a'],
  ['Fn::ImportValue of another stack’s export', { 'Fn::ImportValue': 'Shared:Vpc' }, 'vpc-123'],
  ['Fn::If with a false condition', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'small'],
  ['Fn::If through Fn::Not and Condition', { 'Fn::If': ['NotProd', 'yes', 'no'] }, 'yes'],
  ['Fn::And of conditions', { 'Fn::If': ['Both', 1, 0] }, 1],
  ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Count'] }, 1],
  ['Fn::Base64', { 'Fn::Base64': 'hi' }, 'aGk='],
  ['Fn::Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']],
  ['AWS::NoValue removes a property', { A: 1, B: { 'Fn::If': ['IsProd', 2, { Ref: 'AWS::NoValue' }] } }, { A: 1 }],
  ['an SSM-typed parameter whose SSM parameter is not in the local store resolves to a placeholder', { Ref: 'Ami' }, '<SSM parameter /aws/ami>'],
];

for (const [name, input, expected] of cases) {
  test(`intrinsics: ${name}`, () => {
    assert.deepEqual(resolver.resolve(input, 'Test'), expected);
  });
}

test('intrinsics: errors name the resource and the expression', () => {
  const expectations: [unknown, RegExp][] = [
    [{ Ref: 'Nope' }, /Ref Nope/],
    [{ 'Fn::ImportValue': 'Missing:Export' }, /no stack of the assembly exports/],
    [{ 'Fn::Select': [5, ['a']] }, /outside a list/],
    [{ 'Fn::Transform': {} }, /not supported/],
  ];
  for (const [input, message] of expectations) {
    assert.throws(() => resolver.resolve(input, 'MyResource'), (error: unknown) => isGatelinkError(error, 'GL_ERR_PLAN_UNRESOLVABLE') && /S\/MyResource/.test(error.message) && message.test(error.message));
  }
  assert.notEqual(NO_VALUE, undefined);
});
