/** Template assertions: seed 002's resources as the stack declares them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { SEND_MESSAGE_TEMPLATE, SENT_TEMPLATE } from '../lib/rest-api.js';
import { template } from './app.js';
import type { Resources } from './app.js';

const t = template();

test('the jobs queue redrives to its dead-letter queue after 3 receives', () => {
  const queues = t.findResources('AWS::SQS::Queue') as Resources;
  const [dlqId] = Object.entries(queues).find(([, q]) => q.Properties?.RedrivePolicy === undefined) ?? [];
  t.hasResourceProperties('AWS::SQS::Queue', {
    VisibilityTimeout: 10,
    ReceiveMessageWaitTimeSeconds: 20,
    RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 },
  });
  assert.equal(Object.keys(queues).length, 2);
});

test('the results table is keyed by the message id, on demand', () => {
  t.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' });
});

test('every REST API method needs the API key; a usage plan holds the key and the stage', () => {
  const methods = Object.values(t.findResources('AWS::ApiGateway::Method') as Resources).filter((m) => m.Properties?.HttpMethod !== 'OPTIONS');
  assert.equal(methods.length, 3);
  for (const method of methods) assert.equal(method.Properties?.ApiKeyRequired, true);
  t.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
  t.hasResourceProperties('AWS::ApiGateway::UsagePlan', { ApiStages: [Match.objectLike({ Stage: Match.anyValue() })], Throttle: { RateLimit: 50, BurstLimit: 100 } });
  t.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
});

test('POST /messages is an AWS integration to SQS SendMessage with a VTL template and a mapped 202', () => {
  t.hasResourceProperties('AWS::ApiGateway::Method', {
    HttpMethod: 'POST',
    RequestValidatorId: Match.anyValue(),
    Integration: {
      Type: 'AWS',
      IntegrationHttpMethod: 'POST',
      Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':sqs:path/')])] },
      PassthroughBehavior: 'NEVER',
      RequestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      RequestTemplates: { 'application/json': SEND_MESSAGE_TEMPLATE },
      IntegrationResponses: Match.arrayWith([Match.objectLike({ StatusCode: '202', ResponseTemplates: { 'application/json': SENT_TEMPLATE } })]),
    },
  });
});

test('GET /items and /items/{id} go over the VPC link to the NLB, whose target is the ALB', () => {
  t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', Integration: { Type: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', RequestParameters: { 'integration.request.path.id': 'method.request.path.id' } } });
  t.hasResourceProperties('AWS::ApiGateway::VpcLink', { TargetArns: [Match.anyValue()] });
  t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'network', Scheme: 'internal', SecurityGroups: Match.anyValue() });
  t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'alb', Protocol: 'TCP', Port: 80 });
  t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', Port: 80 });
});

test('processing-service is a worker: no load balancer, no Cloud Map; both services roll with the circuit breaker', () => {
  const services = Object.values(t.findResources('AWS::ECS::Service') as Resources);
  assert.equal(services.length, 2);
  const workers = services.filter((s) => s.Properties?.LoadBalancers === undefined && s.Properties?.ServiceRegistries === undefined);
  assert.equal(workers.length, 1);
  for (const service of services) assert.deepEqual((service.Properties?.DeploymentConfiguration as { DeploymentCircuitBreaker?: unknown }).DeploymentCircuitBreaker, { Enable: true, Rollback: true });
});

test('with -c domainName and -c certificateArn: a custom domain on the API and HTTPS on the ALB (TCP 443 on the NLB)', () => {
  const tls = template({ domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' });
  tls.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'api.example.com', SecurityPolicy: 'TLS_1_2' });
  tls.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' }] });
  tls.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'TCP', Port: 443 });
  assert.throws(() => template({ domainName: 'api.example.com' }), /set both/);
});
