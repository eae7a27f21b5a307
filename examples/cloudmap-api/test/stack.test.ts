/**
 * The stack has seed 004's shape: HTTP API → VPC link → Cloud Map (SRV, private DNS) → Fargate, with
 * no load balancer on the API's path; a front end in a second cluster behind an internet-facing ALB,
 * which the API's CORS admits; the API's database credentials from a generated secret. Security
 * groups: only the VPC link reaches the API tasks, only the ALB reaches the front end, and the ALB
 * admits anyone on port 80 only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { MoviesApiStack } from '../lib/movies-api-stack.js';

const stack = new MoviesApiStack(new App(), 'MoviesApiStack');
const template = Template.fromStack(stack);

type Resources = Record<string, { Properties: Record<string, unknown> }>;

function onlyLogicalId(type: string): string {
  const ids = Object.keys(template.findResources(type));
  assert.equal(ids.length, 1, `one ${type}`);
  return ids[0] as string;
}

const logicalId = (construct: IConstruct): string => stack.getLogicalId(construct.node.defaultChild as never);
const groupId = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'GroupId'] });
const rules = (type: string) => Object.values(template.findResources(type) as Resources).map((rule) => rule.Properties);

test('two ECS clusters: the movies service in one, the front end in the other', () => {
  template.resourceCountIs('AWS::ECS::Cluster', 2);
  template.resourceCountIs('AWS::ECS::Service', 2);
  const apiCluster = logicalId(stack.movies.service.cluster);
  const frontEndCluster = logicalId(stack.frontEnd.cluster);
  assert.notEqual(apiCluster, frontEndCluster);
  template.hasResourceProperties('AWS::ECS::Service', { Cluster: { Ref: apiCluster }, DesiredCount: 2, LoadBalancers: Match.absent() });
  template.hasResourceProperties('AWS::ECS::Service', { Cluster: { Ref: frontEndCluster }, DesiredCount: 1, LoadBalancers: [Match.objectLike({ ContainerName: 'frontend', ContainerPort: 8080 })] });
});

test('the one load balancer is the front end’s: internet-facing, HTTP on 80, forwarding to the front end', () => {
  template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  template.resourceCountIs('AWS::ElasticLoadBalancing::LoadBalancer', 0);
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing', Type: 'application' });
  template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health' });
});

test('the integration is HTTP_PROXY over the VPC link to the Cloud Map service ARN', () => {
  const cloudMapService = onlyLogicalId('AWS::ServiceDiscovery::Service');
  const vpcLink = onlyLogicalId('AWS::ApiGatewayV2::VpcLink');
  template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
  template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
    IntegrationType: 'HTTP_PROXY',
    ConnectionType: 'VPC_LINK',
    ConnectionId: { Ref: vpcLink },
    IntegrationUri: { 'Fn::GetAtt': [cloudMapService, 'Arn'] },
    PayloadFormatVersion: '1.0',
  });
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).map((route) => route.Properties.RouteKey);
  assert.deepEqual(routes.sort(), ['GET /diagnostics', 'GET /movies', 'GET /movies/{id}', 'POST /movies']);
});

test('CORS: the HTTP API admits the front end ALB’s origin (http://<DNSName>) only', () => {
  const alb = logicalId(stack.frontEnd.loadBalancer);
  template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
    CorsConfiguration: {
      AllowOrigins: [{ 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [alb, 'DNSName'] }]] }],
      AllowMethods: ['GET', 'POST'],
      AllowHeaders: ['content-type'],
      MaxAge: 3600,
    },
  });
});

test('the front end is told the HTTP API’s URL (API_URL), and nothing secret', () => {
  const api = onlyLogicalId('AWS::ApiGatewayV2::Api');
  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [
      Match.objectLike({
        Name: 'frontend',
        Environment: Match.arrayWith([{ Name: 'API_URL', Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [api, 'ApiEndpoint'] }, '/']] } }]),
        Secrets: Match.absent(),
        ReadonlyRootFilesystem: true,
      }),
    ],
  });
});

test('the database secret is generated (JSON template + password key) and injected into the movies tasks by key', () => {
  const secret = onlyLogicalId('AWS::SecretsManager::Secret');
  template.hasResourceProperties('AWS::SecretsManager::Secret', {
    GenerateSecretString: { SecretStringTemplate: JSON.stringify({ username: 'movies' }), GenerateStringKey: 'password', PasswordLength: 32, ExcludePunctuation: true },
    SecretString: Match.absent(),
  });
  const valueFrom = (key: string) => ({ 'Fn::Join': ['', [{ Ref: secret }, `:${key}::`]] });
  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [
      Match.objectLike({
        Name: 'movies',
        Secrets: [
          { Name: 'DB_USERNAME', ValueFrom: valueFrom('username') },
          { Name: 'DB_PASSWORD', ValueFrom: valueFrom('password') },
        ],
        Environment: [{ Name: 'PORT', Value: '8080' }],
      }),
    ],
  });
  // Only the movies tasks' execution role may read it.
  const readers = Object.entries(template.findResources('AWS::IAM::Policy') as Resources).filter(([, policy]) => JSON.stringify(policy.Properties).includes(`"Ref":"${secret}"`));
  assert.equal(readers.length, 1);
  assert.match(readers[0]?.[0] ?? '', /^MoviesTaskDefinitionExecutionRole/);
});

test('Cloud Map: SRV records in the private DNS namespace movies.local, ECS-pushed health', () => {
  const namespace = onlyLogicalId('AWS::ServiceDiscovery::PrivateDnsNamespace');
  template.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'movies.local' });
  template.hasResourceProperties('AWS::ServiceDiscovery::Service', {
    Name: 'movies',
    NamespaceId: { 'Fn::GetAtt': [namespace, 'Id'] },
    DnsConfig: { DnsRecords: [{ Type: 'SRV', TTL: 10 }] },
    HealthCheckCustomConfig: Match.anyValue(),
  });
});

test('the movies service: 2 tasks, registered in Cloud Map with its container and port', () => {
  const cloudMapService = onlyLogicalId('AWS::ServiceDiscovery::Service');
  template.hasResourceProperties('AWS::ECS::Service', {
    LaunchType: 'FARGATE',
    DesiredCount: 2,
    LoadBalancers: Match.absent(),
    ServiceRegistries: [{ RegistryArn: { 'Fn::GetAtt': [cloudMapService, 'Arn'] }, ContainerName: 'movies', ContainerPort: 8080 }],
    NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
  });
  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    ContainerDefinitions: [Match.objectLike({ Name: 'movies', PortMappings: [Match.objectLike({ ContainerPort: 8080 })], ReadonlyRootFilesystem: true })],
  });
});

test('security groups: VPC link → API tasks on 8080, ALB → front end on 8080, nothing else between groups', () => {
  const link = groupId(stack.vpcLinkSecurityGroup);
  const movies = groupId(stack.movies.securityGroup);
  const alb = groupId(stack.frontEnd.loadBalancerSecurityGroup);
  const frontEnd = groupId(stack.frontEnd.securityGroup);
  const rule = { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 };
  assert.deepEqual(
    rules('AWS::EC2::SecurityGroupIngress').map(({ Description: _, ...rest }) => rest),
    [
      { ...rule, GroupId: movies, SourceSecurityGroupId: link },
      { ...rule, GroupId: frontEnd, SourceSecurityGroupId: alb },
    ],
  );
  assert.deepEqual(
    rules('AWS::EC2::SecurityGroupEgress').map(({ Description: _, ...rest }) => rest),
    [
      { ...rule, GroupId: link, DestinationSecurityGroupId: movies },
      { ...rule, GroupId: alb, DestinationSecurityGroupId: frontEnd },
    ],
  );
});

test('the public ALB’s group admits only port 80 from anywhere, and sends only to the front end', () => {
  template.hasResourceProperties('AWS::EC2::SecurityGroup', {
    GroupDescription: Match.stringLikeRegexp('^movies front end ALB'),
    SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Description: Match.anyValue() }],
    // allowAllOutbound: false; its one egress rule is the standalone one to the front end tasks.
    SecurityGroupEgress: Match.absent(),
  });
  // No other group is open to the internet (the NAT's admits the VPC CIDR only).
  const open = (template.toJSON().Resources as Record<string, { Type: string; Properties: { SecurityGroupIngress?: { CidrIp?: unknown; CidrIpv6?: unknown }[] } }>);
  const openToAll = Object.entries(open).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.SecurityGroupIngress?.some((i) => i.CidrIp === '0.0.0.0/0' || i.CidrIpv6 === '::/0'));
  assert.deepEqual(openToAll.map(([id]) => id), [logicalId(stack.frontEnd.loadBalancerSecurityGroup)]);
});

test('the front end reaches nothing but HTTPS out: no path to the API tasks or the VPC link', () => {
  template.hasResourceProperties('AWS::EC2::SecurityGroup', {
    GroupDescription: Match.stringLikeRegexp('^movies front end tasks'),
    SecurityGroupIngress: Match.absent(),
    SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
  });
  // Every standalone rule naming the front end's group: the ALB's way in, and nothing else.
  const frontEnd = JSON.stringify(groupId(stack.frontEnd.securityGroup));
  const naming = [...rules('AWS::EC2::SecurityGroupIngress'), ...rules('AWS::EC2::SecurityGroupEgress')].filter((rule) =>
    [rule.GroupId, rule.SourceSecurityGroupId, rule.DestinationSecurityGroupId].some((group) => JSON.stringify(group) === frontEnd),
  );
  const alb = groupId(stack.frontEnd.loadBalancerSecurityGroup);
  assert.deepEqual(
    naming.map((rule) => [rule.GroupId, rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId]),
    [
      [groupId(stack.frontEnd.securityGroup), alb],
      [alb, groupId(stack.frontEnd.securityGroup)],
    ],
  );
});

test('egress through one NAT instance, not a NAT gateway', () => {
  template.resourceCountIs('AWS::EC2::NatGateway', 0);
  template.resourceCountIs('AWS::EC2::Instance', 1);
  template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.nano', SourceDestCheck: false });
});
