/** Planning REST APIs from real CDK constructs: what is read, and what is refused with a clear reason. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GatelinkError } from '../../src/errors.js';
import { cognitoIssuer, decodeSettingPath } from '../../src/plan/extract-restapi.js';
import { planOf } from './helpers.js';

const handler = (stack: ConstructLike) => new lambda.Function(stack as never, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') });
type ConstructLike = object;

test('LambdaRestApi is refused at start: AWS_PROXY integrations are not run', async () => {
  await assert.rejects(
    planOf((stack) => new apigw.LambdaRestApi(stack, 'Api', { handler: handler(stack), cloudWatchRole: false })),
    (error: unknown) => error instanceof GatelinkError && error.code === 'GL_ERR_PLAN_UNSUPPORTED_RESOURCE' && /AWS_PROXY \(Lambda proxy\) integrations are not run/.test(error.message),
  );
});

test('a Lambda TOKEN authorizer is refused rather than let requests through unchecked', async () => {
  await assert.rejects(
    planOf((stack) => {
      const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
      const authorizer = new apigw.TokenAuthorizer(stack, 'Auth', { handler: handler(stack) });
      api.root.addMethod('GET', new apigw.MockIntegration(), { authorizer });
    }),
    (error: unknown) => error instanceof GatelinkError && /TOKEN \(Lambda\) authorizers are not run/.test(error.message),
  );
});

test('resources, methods, stages, MethodSettings and a v1 VPC link to an NLB are planned', async () => {
  const plan = await planOf((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    nlb.addListener('L', { port: 8080 }).addTargets('T', { port: 8080 });
    const link = new apigw.VpcLink(stack, 'Link', { targets: [nlb] });
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'v2', variables: { a: 'b' }, throttlingBurstLimit: 10, throttlingRateLimit: 5, methodOptions: { '/pets/{id}/GET': { throttlingBurstLimit: 1 } } } });
    api.root.addResource('pets').addResource('{id}').addMethod('GET', new apigw.Integration({ type: apigw.IntegrationType.HTTP_PROXY, integrationHttpMethod: 'GET', uri: `http://${nlb.loadBalancerDnsName}:8080/pets/{id}`, options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: link, timeout: Duration.seconds(5) } }));
  });
  const api = plan.restApis[0];
  assert.ok(api);
  const method = api.methods.find((m) => m.resourcePath === '/pets/{id}');
  assert.equal(method?.httpMethod, 'GET');
  assert.equal(method?.integration.connectionType, 'VPC_LINK');
  assert.equal(method?.integration.timeoutMs, 5000);
  const link = plan.restVpcLinks[0];
  assert.equal(method?.integration.connectionId, link?.id);
  assert.deepEqual(link?.targetLoadBalancerIds, [plan.loadBalancers.find((lb) => lb.type === 'network')?.id]);
  const stage = api.stages[0];
  assert.equal(stage?.name, 'v2');
  assert.deepEqual(stage?.stageVariables, { a: 'b' });
  assert.deepEqual(stage?.methodThrottles['/pets/{id} GET'], { burstLimit: 1 });
  assert.deepEqual(stage?.methodThrottles['/* *'], { burstLimit: 10, rateLimit: 5 });
});

test('a timeout above 29 s is refused as AWS would', async () => {
  await assert.rejects(
    planOf((stack) => {
      const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
      api.root.addMethod('GET', new apigw.HttpIntegration('http://example.com', { options: { timeout: Duration.seconds(29) } }));
      const method = api.root.addResource('x').addMethod('GET', new apigw.HttpIntegration('http://example.com'));
      (method.node.defaultChild as apigw.CfnMethod).addPropertyOverride('Integration.TimeoutInMillis', 40_000);
    }),
    (error: unknown) => error instanceof GatelinkError && error.code === 'GL_ERR_PLAN_INVALID' && /TimeoutInMillis must be 50..29000/.test(error.message),
  );
});

test('MethodSettings paths decode ~1, Cognito ARNs become issuers', () => {
  assert.equal(decodeSettingPath('/~1pets~1{id}'), '/pets/{id}');
  assert.equal(decodeSettingPath('/*'), '/*');
  assert.equal(cognitoIssuer('arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_AbC'), 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC');
});
