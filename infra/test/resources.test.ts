/** The seed's resources, on aws-cdk-lib v2 and hardened: one assertion group per resource. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { templates } from './app.js';

const { fargate, api } = templates();

test('VPC: 2 public and 2 private subnets; one NAT instance (t4g.nano), no NAT gateway; free gateway endpoints', () => {
  fargate.resourceCountIs('AWS::EC2::Subnet', 4);
  fargate.resourceCountIs('AWS::EC2::NatGateway', 0);
  fargate.resourcePropertiesCountIs('AWS::EC2::Instance', { InstanceType: 't4g.nano' }, 1);
  fargate.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 2);
  fargate.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs' });
});

test('production option: a NAT gateway per AZ and no NAT instance', () => {
  const production = templates({ production: 'true' }).fargate;
  production.resourceCountIs('AWS::EC2::NatGateway', 2);
  production.resourceCountIs('AWS::EC2::Instance', 0);
});

test('ECS cluster with Container Insights; Cloud Map namespace http-api.local', () => {
  fargate.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  fargate.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'http-api.local' });
  for (const name of ['bookService', 'authorService']) {
    fargate.hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: name, DnsConfig: { DnsRecords: [Match.objectLike({ Type: 'SRV' })] } });
  }
});

test('task definitions: 256 CPU / 512 MiB, ARM64, non-root, read-only root FS, port 8080, table env', () => {
  for (const [name, table] of [['book', 'BOOKS_TABLE'], ['author', 'AUTHORS_TABLE']] as const) {
    fargate.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          Name: `${name}ServiceContainer`,
          User: 'node',
          ReadonlyRootFilesystem: true,
          PortMappings: [Match.objectLike({ ContainerPort: 8080 })],
          Environment: Match.arrayWith([{ Name: 'PORT', Value: '8080' }, Match.objectLike({ Name: table })]),
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
  }
});

test('services: desired 2, private, circuit breaker with rollback, Cloud Map registration', () => {
  fargate.resourcePropertiesCountIs(
    'AWS::ECS::Service',
    {
      DesiredCount: 2,
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 }),
      ServiceRegistries: [Match.objectLike({ ContainerPort: 8080 })],
    },
    2,
  );
});

test('internal ALB; listener 80 with a fixed 200 default; rules 1 /api/books* and 2 /api/authors*', () => {
  fargate.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal', Type: 'application' });
  fargate.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] });
  for (const [priority, pattern] of [[1, '/api/books*'], [2, '/api/authors*']] as const) {
    fargate.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: priority, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [pattern] } }], Actions: [Match.objectLike({ Type: 'forward' })] });
  }
});

test('target groups health-check each service’s health path on the task port', () => {
  for (const path of ['/api/books/health', '/api/authors/health']) {
    fargate.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, TargetType: 'ip', HealthCheckPath: path, HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 3 });
  }
});

test('tables: partition key id (number), on-demand, point-in-time recovery, retained', () => {
  fargate.resourceCountIs('AWS::DynamoDB::Table', 2);
  const tables = fargate.findResources('AWS::DynamoDB::Table', {
    Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }], BillingMode: 'PAY_PER_REQUEST', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
    DeletionPolicy: 'Retain',
  });
  assert.equal(Object.keys(tables).length, 2);
});

test('least privilege: the book task role may touch the books table only', () => {
  const policies = fargate.findResources('AWS::IAM::Policy');
  const bookPolicy = Object.entries(policies).find(([id]) => /bookServiceTaskDefTaskRole/.test(id));
  assert.ok(bookPolicy, 'book task role policy exists');
  const text = JSON.stringify(bookPolicy[1]);
  assert.match(text, /booksTable/);
  assert.doesNotMatch(text, /authorsTable/);
  assert.doesNotMatch(text, /"Resource":"\*"/);
});

test('target-tracking autoscaling on CPU for both services, never below 2 tasks', () => {
  fargate.resourcePropertiesCountIs('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 4 }, 2);
  fargate.resourcePropertiesCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', { PolicyType: 'TargetTrackingScaling' }, 2);
});

test('log groups keep logs for a month', () => {
  for (const group of Object.values(fargate.findResources('AWS::Logs::LogGroup'))) assert.equal(group.Properties?.RetentionInDays, 30);
});

test('HTTP API: $default auto-deploy stage with access logs and default-route throttling', () => {
  api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    StageName: '$default',
    AutoDeploy: true,
    AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
  });
});

test('HTTP_PROXY integration over the VPC link to the listener (imported across stacks), payload 1.0; route ANY /{proxy+}', () => {
  api.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
    IntegrationType: 'HTTP_PROXY',
    ConnectionType: 'VPC_LINK',
    IntegrationMethod: 'ANY',
    PayloadFormatVersion: '1.0',
    ConnectionId: { 'Fn::ImportValue': Match.anyValue() },
    IntegrationUri: { 'Fn::ImportValue': Match.anyValue() },
  });
  api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /{proxy+}' });
  api.resourceCountIs('AWS::EC2::Instance', 0);
  api.resourceCountIs('AWS::EC2::VPC', 0);
});
