/**
 * The security-group chain API → link → NLB → ALB → task, read from the template: each hop admits
 * only the one before it, and nothing admits 0.0.0.0/0. The NLB → ALB rule is load-bearing: removing
 * it from the template breaks the chain, which the last test shows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildStack } from './app.js';
import type { Resources } from './app.js';
import { Template } from 'aws-cdk-lib/assertions';

const stack = buildStack();
const json = Template.fromStack(stack).toJSON() as { Resources: Resources };
const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const nlb = id(stack.loadBalancers.nlbSecurityGroup);
const alb = id(stack.loadBalancers.albSecurityGroup);
const api = id(stack.apiService.securityGroup);
const processing = id(stack.processingService.securityGroup);

interface Rule { from?: string; to: string; port: number; cidr?: string; direction: 'ingress' | 'egress' }

/** Every ingress and egress rule of the template, inline or standalone. */
function rules(resources: Resources): Rule[] {
  const ref = (value: unknown) => ((value as { 'Fn::GetAtt'?: [string] })?.['Fn::GetAtt']?.[0]);
  const out: Rule[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::EC2::SecurityGroup') {
      for (const r of (p.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? []) out.push({ direction: 'ingress', to: logicalId, from: ref(r.SourceSecurityGroupId), cidr: r.CidrIp as string, port: Number(r.FromPort) });
      for (const r of (p.SecurityGroupEgress as Record<string, unknown>[] | undefined) ?? []) out.push({ direction: 'egress', from: logicalId, to: ref(r.DestinationSecurityGroupId) ?? '', cidr: r.CidrIp as string, port: Number(r.FromPort) });
    }
    if (resource.Type === 'AWS::EC2::SecurityGroupIngress') out.push({ direction: 'ingress', to: ref(p.GroupId) ?? '', from: ref(p.SourceSecurityGroupId), port: Number(p.FromPort) });
    if (resource.Type === 'AWS::EC2::SecurityGroupEgress') out.push({ direction: 'egress', from: ref(p.GroupId) ?? '', to: ref(p.DestinationSecurityGroupId) ?? '', port: Number(p.FromPort) });
  }
  return out;
}

/** Traffic from one group to another on a port needs the source's egress and the target's ingress. */
function allows(all: Rule[], from: string, to: string, port: number): boolean {
  return all.some((r) => r.direction === 'egress' && r.from === from && r.to === to && r.port === port) && all.some((r) => r.direction === 'ingress' && r.to === to && r.from === from && r.port === port);
}

const all = rules(json.Resources);

test('NLB → ALB on the listener port, ALB → api tasks on the container port', () => {
  assert.ok(allows(all, nlb, alb, 80), 'NLB to ALB');
  assert.ok(allows(all, alb, api, 8080), 'ALB to api-service');
});

test('each hop admits only the hop before it: no shortcut from the NLB to the tasks, nothing into processing-service', () => {
  assert.ok(!allows(all, nlb, api, 8080), 'the NLB cannot skip the ALB');
  assert.deepEqual(all.filter((r) => r.direction === 'ingress' && r.to === alb).map((r) => r.from), [nlb]);
  assert.deepEqual(all.filter((r) => r.direction === 'ingress' && r.to === api).map((r) => r.from), [alb]);
  assert.deepEqual(all.filter((r) => r.direction === 'ingress' && r.to === processing), []);
});

test('the NLB admits only the VPC’s CIDR on its listener port; no group admits 0.0.0.0/0', () => {
  const nlbIngress = all.filter((r) => r.direction === 'ingress' && r.to === nlb);
  assert.equal(nlbIngress.length, 1);
  assert.equal(nlbIngress[0]?.port, 80);
  assert.equal(all.filter((r) => r.direction === 'ingress' && r.cidr === '0.0.0.0/0').length, 0);
});

test('removing the NLB → ALB ingress rule breaks the chain', () => {
  const resources = structuredClone(json.Resources);
  const group = resources[alb]?.Properties as { SecurityGroupIngress?: { SourceSecurityGroupId?: unknown }[] };
  const standalone = Object.keys(resources).filter((key) => resources[key]?.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(resources[key]?.Properties?.SourceSecurityGroupId).includes(nlb) && JSON.stringify(resources[key]?.Properties?.GroupId).includes(alb));
  for (const key of standalone) delete resources[key];
  if (group.SecurityGroupIngress) group.SecurityGroupIngress = group.SecurityGroupIngress.filter((r) => !JSON.stringify(r.SourceSecurityGroupId).includes(nlb));
  assert.ok(standalone.length + (json.Resources[alb]?.Properties?.SecurityGroupIngress as unknown[] | undefined ?? []).length > 0, 'there was a rule to remove');
  assert.equal(allows(rules(resources), nlb, alb, 80), false);
});
