/** The plan of a real CDK-synthesized, two-stack app: every emulated resource, cross-stack references resolved. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadAssembly, loadTemplate } from '../../src/assembly/index.js';
import { isGatelinkError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import { synthFixtureApp } from '../fixtures/cdk-app.js';

let outdir: string;
let plan: Plan;

before(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'gatelink-plan-'));
  synthFixtureApp(outdir);
  plan = buildPlan(await loadAssembly(outdir), { region: 'eu-west-1' });
});
after(() => rmSync(outdir, { recursive: true, force: true }));

test('stacks come in dependency order and the region applies to env-agnostic stacks', () => {
  assert.deepEqual(plan.stacks.map((s) => s.name), ['NetStack', 'ApiStack']);
  assert.equal(plan.region, 'eu-west-1');
});

test('the integration, imported across stacks, points at the listener over the VPC link', () => {
  const [api] = plan.httpApis;
  assert.ok(api);
  const integration = api.integrations[0];
  assert.equal(integration?.target.kind, 'listener');
  const listener = plan.loadBalancers[0]?.listeners[0];
  assert.equal(integration?.target.kind === 'listener' && integration.target.listenerId, listener?.id);
  assert.equal(integration?.vpcLinkId, plan.vpcLinks[0]?.id);
  assert.equal(integration?.payloadFormatVersion, '1.0');
  assert.equal(integration?.timeoutMs, 30_000, 'default integration timeout');
  assert.deepEqual(api.routes.map((r) => r.routeKey), ['ANY /{proxy+}']);
  assert.equal(api.stages[0]?.name, '$default');
});

test('listener: default action, rules sorted by priority, both condition and action shapes', () => {
  const listener = plan.loadBalancers[0]?.listeners[0];
  assert.deepEqual(listener?.defaultActions, [{ type: 'fixed-response', statusCode: 404, contentType: 'text/plain', messageBody: 'nothing here' }]);
  assert.deepEqual(listener?.rules.map((r) => r.priority), [5, 10]);
  assert.deepEqual(listener?.rules[0]?.conditions, [{ field: 'host-header', values: ['old.example.com'] }]);
  assert.equal(listener?.rules[0]?.actions[0]?.type, 'redirect');
  assert.deepEqual(listener?.rules[1]?.conditions, [{ field: 'path-pattern', values: ['/web/*'] }]);
});

test('target group: the template’s health-check path, AWS defaults for the rest', () => {
  const group = plan.targetGroups[0];
  assert.equal(group?.healthCheck.path, '/healthz');
  assert.equal(group?.healthCheck.healthyThreshold, 5);
  assert.equal(group?.healthCheck.unhealthyThreshold, 2);
  assert.equal(group?.healthCheck.matcher, '200');
  assert.equal(group?.deregistrationDelaySeconds, 300);
  assert.equal(group?.algorithm, 'round_robin');
});

test('ECS service: desired count, container from its image asset, env with the table name resolved, registries', () => {
  const service = plan.ecsServices[0];
  assert.equal(service?.name, 'Web');
  assert.equal(service?.desiredCount, 3);
  const container = service?.taskDefinition.containers[0];
  assert.equal(container?.image.kind, 'asset');
  assert.match(container?.image.kind === 'asset' ? container.image.directory : '', /fixtures[/\\]web$/);
  assert.equal(container?.environment.TABLE, plan.tables[0]?.tableName);
  assert.match(plan.tables[0]?.tableName ?? '', /^NetStack-Items[0-9A-F]+-[A-Z0-9]{12}$/);
  assert.equal(service?.serviceRegistries[0]?.cloudMapServiceId, plan.cloudMapServices[0]?.id);
  assert.equal(plan.cloudMapNamespaces[0]?.name, 'fixture.local');
});

test('tables keep their key schema; security groups get standalone ingress attached', () => {
  assert.deepEqual(plan.tables[0]?.keySchema, [{ attributeName: 'pk', keyType: 'HASH' }, { attributeName: 'sk', keyType: 'RANGE' }]);
  const albGroup = plan.securityGroups.find((g) => g.id === plan.loadBalancers[0]?.securityGroupIds[0]);
  const linkGroup = plan.vpcLinks[0]?.securityGroupIds[0];
  assert.ok(albGroup?.ingress.some((rule) => rule.sourceSecurityGroupId === linkGroup && rule.fromPort === 80));
});

test('physical ids are deterministic: the same assembly gives the same plan', async () => {
  const again = buildPlan(await loadAssembly(outdir), { region: 'eu-west-1' });
  assert.deepEqual(again.tables.map((t) => t.tableName), plan.tables.map((t) => t.tableName));
  assert.equal(again.loadBalancers[0]?.listeners[0]?.physicalId, plan.loadBalancers[0]?.listeners[0]?.physicalId);
});

test('every resource has a support note; IAM is ignored with its reason', () => {
  assert.equal(plan.support.length, plan.stacks.reduce((sum, s) => sum + s.resourceCount, 0));
  assert.ok(plan.support.some((note) => note.type === 'AWS::IAM::Role' && note.level === 'ignored' && /credentials/.test(note.reason)));
  assert.ok(Object.isFrozen(plan) && Object.isFrozen(plan.loadBalancers), 'the plan is frozen');
});

test('rejected resources stop the plan with one error naming each of them', async () => {
  const file = path.join(outdir, 'rest.template.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, JSON.stringify({ Resources: { Legacy: { Type: 'AWS::ApiGateway::Method', Properties: { HttpMethod: 'GET', Integration: { Type: 'AWS_PROXY' } } }, Other: { Type: 'AWS::ApiGateway::Authorizer', Properties: { Type: 'TOKEN' } } } }));
  await assert.rejects(async () => buildPlan(await loadTemplate(file)), (error: unknown) => isGatelinkError(error, 'GL_ERR_PLAN_UNSUPPORTED_RESOURCE') && /rest\/Legacy/.test(error.message) && /rest\/Other/.test(error.message));
});

test('what AWS would refuse is refused: duplicate rule priorities, payload format 2.0 for HTTP_PROXY', async () => {
  const file = path.join(outdir, 'bad.template.json');
  const { writeFileSync } = await import('node:fs');
  const lb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} };
  const listener = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 80, DefaultActions: [] } };
  const rule = (priority: number) => ({ Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'L' }, Priority: priority, Conditions: [], Actions: [] } });
  const api = { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } };
  const integration = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Api' }, IntegrationType: 'HTTP_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: 'https://example.com' } };
  writeFileSync(file, JSON.stringify({ Resources: { Lb: lb, L: listener, R1: rule(1), R2: rule(1), Api: api, I: integration } }));
  await assert.rejects(async () => buildPlan(await loadTemplate(file)), (error: unknown) => isGatelinkError(error, 'GL_ERR_PLAN_INVALID') && /PriorityInUse/.test(error.message) && /PayloadFormatVersion 1.0/.test(error.message));
});
