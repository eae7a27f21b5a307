/**
 * Template assertions for both variants of seed 003: the REST API's proxy integrations, the ALB's
 * path rules and the NLB's per-port listeners, the services' ports, and the security-group chain
 * (the only 0.0.0.0/0 ingress is the public listener; tasks admit only their load balancer).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { logicalId, template } from './app.js';
import type { Resources } from './app.js';

const alb = template();
const nlb = template({ variant: 'nlb' });

const ingress = (t: Template) => Object.values(t.findResources('AWS::EC2::SecurityGroupIngress') as Resources).map((r) => r.Properties ?? {});
type Rule = Record<string, unknown> & { readonly group: string };
const inlineIngress = (t: Template): Rule[] =>
  Object.entries(t.findResources('AWS::EC2::SecurityGroup') as Resources).flatMap(([id, r]) => ((r.Properties?.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? []).map((rule) => ({ ...rule, group: id })));

test('both services run ARM64 Fargate on their own container ports, read-only, with a container health check on /health', () => {
  for (const t of [alb, nlb]) {
    for (const [name, port] of [['blog', 8080], ['webpage', 5000]] as const) {
      t.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RuntimePlatform: { CpuArchitecture: 'ARM64' },
        ContainerDefinitions: [Match.objectLike({
          Name: name,
          PortMappings: [Match.objectLike({ ContainerPort: port })],
          ReadonlyRootFilesystem: true,
          Environment: [{ Name: 'PORT', Value: String(port) }],
          HealthCheck: Match.objectLike({ Command: ['CMD-SHELL', Match.stringLikeRegexp(`localhost:${port}/health`)] }),
        })],
      });
    }
    t.resourceCountIs('AWS::ECS::Service', 2);
  }
});

test('alb: an internet-facing ALB whose listener routes /blog to port 8080 and /webpage to port 5000, 404 otherwise', () => {
  alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing', Type: 'application' });
  alb.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })] });
  const blogGroup = logicalId(alb, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Blog');
  const webpageGroup = logicalId(alb, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Webpage');
  alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health' });
  alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 5000, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/health' });
  alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 10, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/blog', '/blog/*'] } }], Actions: [Match.objectLike({ TargetGroupArn: { Ref: blogGroup } })] });
  alb.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 20, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/webpage', '/webpage/*'] } }], Actions: [Match.objectLike({ TargetGroupArn: { Ref: webpageGroup } })] });
});

test('alb: the REST API proxies GET /blog[/{proxy+}] and /webpage[/{proxy+}] over the internet to the ALB’s DNS name', () => {
  const albId = logicalId(alb, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Alb');
  const uri = (path: string) => ({ 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }, path]] });
  for (const path of ['/blog', '/blog/{proxy}', '/webpage', '/webpage/{proxy}']) {
    alb.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', Integration: Match.objectLike({ Type: 'HTTP_PROXY', IntegrationHttpMethod: 'GET', Uri: uri(path) }) });
  }
  alb.hasResourceProperties('AWS::ApiGateway::Method', { Integration: Match.objectLike({ Uri: uri('/blog/{proxy}'), RequestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } }) });
  const methods = Object.values(alb.findResources('AWS::ApiGateway::Method') as Resources);
  assert.equal(methods.length, 4, 'GET only, four routes');
  for (const method of methods) assert.equal((method.Properties?.Integration as { ConnectionType?: string }).ConnectionType, undefined, 'no VPC link: the ALB is called over the internet');
  alb.resourceCountIs('AWS::ApiGateway::VpcLink', 0);
});

test('alb: the security-group chain — the internet to the ALB on 80 only, the ALB to each service on its own port only', () => {
  const albSg = logicalId(alb, 'AWS::EC2::SecurityGroup', 'AlbFrontSecurityGroup');
  const blogSg = logicalId(alb, 'AWS::EC2::SecurityGroup', 'BlogSecurityGroup');
  const webpageSg = logicalId(alb, 'AWS::EC2::SecurityGroup', 'WebpageSecurityGroup');
  const open = inlineIngress(alb).filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
  assert.deepEqual(open.map((rule) => [rule.group, rule.FromPort, rule.ToPort]), [[albSg, 80, 80]], 'the public listener is the only rule open to the internet');
  const fromAlb = ingress(alb).filter((rule) => JSON.stringify(rule.SourceSecurityGroupId) === JSON.stringify({ 'Fn::GetAtt': [albSg, 'GroupId'] }));
  assert.deepEqual(fromAlb.map((rule) => [JSON.stringify(rule.GroupId), rule.FromPort]).sort(), [[JSON.stringify({ 'Fn::GetAtt': [blogSg, 'GroupId'] }), 8080], [JSON.stringify({ 'Fn::GetAtt': [webpageSg, 'GroupId'] }), 5000]].sort());
  for (const sg of [blogSg, webpageSg]) {
    const admitted = ingress(alb).filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sg, 'GroupId'] }));
    assert.ok(admitted.every((rule) => JSON.stringify(rule.SourceSecurityGroupId) === JSON.stringify({ 'Fn::GetAtt': [albSg, 'GroupId'] })), 'tasks admit only the ALB');
  }
  alb.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^blog tasks'), SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })] });
});

test('nlb: REST API → VPC link → internal NLB, one TCP listener per service port, the URI’s port picking it', () => {
  nlb.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  nlb.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal', Type: 'network' });
  nlb.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 8080, Protocol: 'TCP' });
  nlb.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 5000, Protocol: 'TCP' });
  nlb.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  nlb.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, Protocol: 'TCP', TargetType: 'ip', HealthCheckPath: '/health' });
  nlb.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 5000, Protocol: 'TCP', TargetType: 'ip', HealthCheckPath: '/health' });
  nlb.hasResourceProperties('AWS::ApiGateway::VpcLink', { TargetArns: [Match.anyValue()] });
  const nlbId = logicalId(nlb, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Nlb');
  for (const [path, port] of [['/blog', 8080], ['/blog/{proxy}', 8080], ['/webpage', 5000], ['/webpage/{proxy}', 5000]] as const) {
    nlb.hasResourceProperties('AWS::ApiGateway::Method', { Integration: Match.objectLike({ Type: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', Uri: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [nlbId, 'DNSName'] }, `:${port}${path}`]] } }) });
  }
});

test('nlb: nothing is open to the internet; the NLB admits the VPC on the two ports, each service only the NLB on its own', () => {
  assert.deepEqual(inlineIngress(nlb).filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0'), []);
  const nlbSg = logicalId(nlb, 'AWS::EC2::SecurityGroup', 'NlbFrontSecurityGroup');
  const ports = inlineIngress(nlb).filter((rule) => rule.group === nlbSg).map((rule) => rule.FromPort).sort();
  assert.deepEqual(ports, [5000, 8080]);
  for (const [part, port] of [['BlogSecurityGroup', 8080], ['WebpageSecurityGroup', 5000]] as const) {
    const sg = logicalId(nlb, 'AWS::EC2::SecurityGroup', part);
    const admitted = ingress(nlb).filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sg, 'GroupId'] }));
    assert.deepEqual(admitted.map((rule) => [JSON.stringify(rule.SourceSecurityGroupId), rule.FromPort, rule.ToPort]), [[JSON.stringify({ 'Fn::GetAtt': [nlbSg, 'GroupId'] }), port, port]]);
  }
});

test('least privilege: the task roles have no policy; only the execution roles do (image pull, logs)', () => {
  for (const t of [alb, nlb]) {
    const policies = Object.entries(t.findResources('AWS::IAM::Policy') as Resources);
    assert.ok(policies.length > 0);
    for (const [id] of policies) assert.match(id, /ExecutionRole|NatInstance|FlowLog|Network/, `${id} is not a task role policy`);
  }
});
