/**
 * The security-group chain — VPC link → ALB on 80 → tasks on 8080 — and nothing else: this wiring is
 * the most common reason this architecture answers 503. Each rule is asserted exactly, so removing
 * any one of them fails a test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, templates } from './app.js';

const { fargate } = templates();
const byDescription = (pattern: RegExp) => logicalId(fargate, 'AWS::EC2::SecurityGroup', (p) => pattern.test(String(p.GroupDescription)));
const vpcLinkSg = byDescription(/^HTTP API VPC link/);
const albSg = byDescription(/^Internal ALB/);
const bookSg = byDescription(/^book-service/);
const authorSg = byDescription(/^author-service/);

function ingress(groupId: string, sourceId: string, port: number): void {
  fargate.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
    GroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] },
    SourceSecurityGroupId: { 'Fn::GetAtt': [sourceId, 'GroupId'] },
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
  });
}

test('the VPC link has its own security group', () => {
  fargate.hasResourceProperties('AWS::ApiGatewayV2::VpcLink', { SecurityGroupIds: [{ 'Fn::GetAtt': [vpcLinkSg, 'GroupId'] }] });
});

test('the ALB admits only the VPC link, on the listener port 80', () => {
  ingress(albSg, vpcLinkSg, 80);
  fargate.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('Internal ALB'), SecurityGroupIngress: Match.absent() });
});

test('book tasks admit only the ALB, on their container port 8080', () => {
  ingress(bookSg, albSg, 8080);
});

test('author tasks admit only the ALB, on their container port 8080', () => {
  ingress(authorSg, albSg, 8080);
});

test('the VPC link may only talk to the ALB listener; the ALB only to the tasks', () => {
  fargate.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: { 'Fn::GetAtt': [vpcLinkSg, 'GroupId'] }, DestinationSecurityGroupId: { 'Fn::GetAtt': [albSg, 'GroupId'] }, FromPort: 80, ToPort: 80 });
  fargate.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: { 'Fn::GetAtt': [albSg, 'GroupId'] }, DestinationSecurityGroupId: { 'Fn::GetAtt': [bookSg, 'GroupId'] }, FromPort: 8080 });
});

test('exactly three ingress rules exist: link → ALB, ALB → books, ALB → authors', () => {
  assert.equal(Object.keys(fargate.findResources('AWS::EC2::SecurityGroupIngress')).length, 3);
});

test('no security group admits 0.0.0.0/0 or ::/0', () => {
  const open = (rule: { CidrIp?: string; CidrIpv6?: string }) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0';
  for (const [id, group] of Object.entries(fargate.findResources('AWS::EC2::SecurityGroup'))) {
    for (const rule of (group.Properties?.SecurityGroupIngress ?? []) as { CidrIp?: string }[]) assert.equal(open(rule), false, `${id} admits the internet`);
  }
  for (const [id, rule] of Object.entries(fargate.findResources('AWS::EC2::SecurityGroupIngress'))) {
    assert.equal(open(rule.Properties as { CidrIp?: string }), false, `${id} admits the internet`);
  }
});

test('no SSH anywhere: no port 22 rule and no key pair', () => {
  const text = JSON.stringify(fargate.toJSON());
  assert.doesNotMatch(text, /"FromPort":22\b/);
  assert.doesNotMatch(text, /KeyName/);
});
