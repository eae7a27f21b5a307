/**
 * The stack has seed 004's shape: HTTP API → VPC link → Cloud Map (SRV, private DNS) → Fargate, and
 * no load balancer; only the VPC link's security group may reach the tasks, on the container port.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MoviesApiStack } from '../lib/movies-api-stack.js';

const stack = new MoviesApiStack(new App(), 'MoviesApiStack');
const template = Template.fromStack(stack);

type Resources = Record<string, { Properties: Record<string, unknown> }>;

function onlyLogicalId(type: string): string {
  const ids = Object.keys(template.findResources(type));
  assert.equal(ids.length, 1, `one ${type}`);
  return ids[0] as string;
}

test('no load balancer of any kind', () => {
  for (const type of ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancing::LoadBalancer']) {
    template.resourceCountIs(type, 0);
  }
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
  assert.deepEqual(routes.sort(), ['GET /movies', 'GET /movies/{id}', 'POST /movies']);
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

test('one Fargate service of 2 tasks, registered in Cloud Map with its container and port', () => {
  const cloudMapService = onlyLogicalId('AWS::ServiceDiscovery::Service');
  template.resourceCountIs('AWS::ECS::Service', 1);
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

test('security groups: the tasks admit only the VPC link, on 8080; the link may only reach the tasks', () => {
  const linkGroup = stack.getLogicalId(stack.vpcLinkSecurityGroup.node.defaultChild as never);
  const taskGroup = stack.getLogicalId(stack.movies.securityGroup.node.defaultChild as never);
  const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress') as Resources).map((rule) => rule.Properties);
  assert.deepEqual(ingress, [
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, GroupId: { 'Fn::GetAtt': [taskGroup, 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': [linkGroup, 'GroupId'] }, Description: 'HTTP API VPC link to the movies tasks' },
  ]);
  const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress') as Resources).map((rule) => rule.Properties);
  assert.deepEqual(egress, [
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, GroupId: { 'Fn::GetAtt': [linkGroup, 'GroupId'] }, DestinationSecurityGroupId: { 'Fn::GetAtt': [taskGroup, 'GroupId'] }, Description: 'HTTP API VPC link to the movies tasks' },
  ]);
  // Inline rules: the task group opens no port to anyone else.
  template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^movies tasks'), SecurityGroupIngress: Match.absent() });
  // No inline egress: the one egress rule above is all the link may do.
  template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^HTTP API VPC link'), SecurityGroupEgress: Match.absent() });
});
