/**
 * Security-group evaluation on a hop, as AWS defines the rules:
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetworkModel } from '../../src/network/index.js';
import type { Plan, SecurityGroupPlan, SecurityGroupRule } from '../../src/plan/types.js';

const allOut: SecurityGroupRule = { ipProtocol: '-1', fromPort: 0, toPort: 65535, cidrIp: '0.0.0.0/0', declaredBy: 'x' };
const sg = (id: string, ingress: Partial<SecurityGroupRule>[], egress: SecurityGroupRule[] = [allOut]): SecurityGroupPlan => ({
  id,
  physicalId: `sg-${id}`,
  description: id,
  ingress: ingress.map((rule) => ({ ipProtocol: 'tcp', fromPort: 0, toPort: 0, declaredBy: id, ...rule })),
  egress,
});

function network(groups: SecurityGroupPlan[]): NetworkModel {
  const plan = {
    securityGroups: groups,
    subnets: [{ id: 'S/Private', physicalId: 'subnet-1', cidrBlock: '10.0.1.0/24', availabilityZone: 'a' }],
    vpcLinks: [{ id: 'S/Link', physicalId: 'l', name: 'link', subnetIds: ['S/Private'], securityGroupIds: ['link'] }],
    loadBalancers: [],
    ecsServices: [],
  } as unknown as Plan;
  return new NetworkModel(plan);
}

const link = { securityGroupIds: ['link'], description: 'VPC link' };
const alb = (port: number) => ({ securityGroupIds: ['alb'], port, description: 'load balancer' });

test('a rule referencing the source group admits it on its port only', () => {
  const model = network([sg('link', []), sg('alb', [{ sourceSecurityGroupId: 'link', fromPort: 80, toPort: 80 }])]);
  assert.deepEqual(model.canConnect(link, alb(80)), { allowed: true });
  assert.equal(model.canConnect(link, alb(81)).allowed, false);
});

test('a CIDR rule admits sources whose address is inside it (the VPC link gets an address in its subnet)', () => {
  assert.equal(network([sg('link', []), sg('alb', [{ cidrIp: '10.0.0.0/16', fromPort: 80, toPort: 80 }])]).canConnect(link, alb(80)).allowed, true);
  assert.equal(network([sg('link', []), sg('alb', [{ cidrIp: '192.168.0.0/16', fromPort: 80, toPort: 80 }])]).canConnect(link, alb(80)).allowed, false);
});

test('port ranges and protocol -1 (all traffic)', () => {
  assert.equal(network([sg('link', []), sg('alb', [{ sourceSecurityGroupId: 'link', fromPort: 1000, toPort: 2000 }])]).canConnect(link, alb(1500)).allowed, true);
  assert.equal(network([sg('link', []), sg('alb', [{ sourceSecurityGroupId: 'link', ipProtocol: '-1' }])]).canConnect(link, alb(9999)).allowed, true);
  assert.equal(network([sg('link', []), sg('alb', [{ sourceSecurityGroupId: 'link', ipProtocol: 'udp', fromPort: 80, toPort: 80 }])]).canConnect(link, alb(80)).allowed, false);
});

test('the source group’s egress must allow the connection too', () => {
  const closedEgress = sg('link', [], []);
  const verdict = network([closedEgress, sg('alb', [{ sourceSecurityGroupId: 'link', fromPort: 80, toPort: 80 }])]).canConnect(link, alb(80));
  assert.equal(verdict.allowed, false);
  assert.match(verdict.allowed ? '' : verdict.explanation, /no egress rule/);
  const egressToAlb: SecurityGroupRule = { ipProtocol: 'tcp', fromPort: 80, toPort: 80, sourceSecurityGroupId: 'alb', declaredBy: 'link' };
  assert.equal(network([sg('link', [], [egressToAlb]), sg('alb', [{ sourceSecurityGroupId: 'link', fromPort: 80, toPort: 80 }])]).canConnect(link, alb(80)).allowed, true);
});

test('a missing ingress rule is named with the groups, the port, and how to add it', () => {
  const verdict = network([sg('link', []), sg('alb', [])]).canConnect(link, alb(80));
  assert.equal(verdict.allowed, false);
  if (verdict.allowed) return;
  assert.match(verdict.explanation, /alb \(sg-alb\).*no ingress rule admitting link \(sg-link\) on tcp\/80/);
  assert.match(verdict.fix, /connections\.allowFrom/);
  assert.match(verdict.fix, /AWS::EC2::SecurityGroupIngress/);
});
