/**
 * Task definitions as CDK writes them: a build `target` (from the asset manifest), sidecars with
 * `dependsOn`, container health checks with ECS's defaults, and what ECS would reject.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { loadAssembly } from '../../src/assembly/index.js';
import { validateContainers } from '../../src/plan/extract-containers.js';
import { buildPlan } from '../../src/plan/index.js';
import type { ContainerPlan, EcsServicePlan } from '../../src/plan/types.js';
import { servicePlan } from '../ecs/fakes.js';

const multistage = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ecs', 'fixtures', 'polyglot', 'multistage');

test('a CDK task definition: the asset’s build target, sidecars with dependsOn, a health check with ECS’s defaults', async (t) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'gatelink-containers-plan-'));
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
  const stack = new Stack(app, 'Containers');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  const web = taskDefinition.addContainer('web', {
    image: ecs.ContainerImage.fromAsset(multistage, { target: 'dev' }),
    portMappings: [{ containerPort: 8080 }],
    healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'], startPeriod: Duration.seconds(20) },
  });
  const init = taskDefinition.addContainer('init', { image: ecs.ContainerImage.fromAsset(multistage), essential: false, stopTimeout: Duration.seconds(5) });
  web.addContainerDependencies({ container: init, condition: ecs.ContainerDependencyCondition.SUCCESS });
  new ecs.FargateService(stack, 'Service', { cluster: new ecs.Cluster(stack, 'Cluster', { vpc }), taskDefinition });
  app.synth();

  const plan = buildPlan(await loadAssembly(outdir), { region: 'eu-west-1' });
  const containers = plan.ecsServices[0]?.taskDefinition.containers ?? [];
  const byName = Object.fromEntries(containers.map((c) => [c.name, c]));
  const webImage = byName.web?.image;
  assert.equal(webImage?.kind === 'asset' ? webImage.target : 'registry', 'dev', 'the build target comes from the asset manifest');
  const initImage = byName.init?.image;
  assert.equal(initImage?.kind === 'asset' ? initImage.target : 'registry', undefined);
  assert.deepEqual(byName.web?.dependsOn, [{ containerName: 'init', condition: 'SUCCESS' }]);
  assert.deepEqual(byName.web?.healthCheck, { command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 20 });
  assert.equal(byName.init?.essential, false);
  assert.equal(byName.init?.stopTimeoutSeconds, 5);
});

test('what ECS rejects: a dependency on no container, SUCCESS on an essential one, health-check settings out of range', () => {
  const base = servicePlan().taskDefinition.containers[0] as ContainerPlan;
  const service = (containers: ContainerPlan[]): EcsServicePlan => servicePlan({ taskDefinition: { ...servicePlan().taskDefinition, containers } });
  const ok = service([{ ...base, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] }, { ...base, name: 'init', essential: false }]);
  assert.deepEqual(validateContainers([ok]), []);
  const problems = validateContainers([
    service([
      { ...base, dependsOn: [{ containerName: 'ghost', condition: 'START' }, { containerName: 'agent', condition: 'SUCCESS' }], healthCheck: { command: ['CMD', 'true'], intervalSeconds: 1, timeoutSeconds: 5, retries: 11, startPeriodSeconds: 0 } },
      { ...base, name: 'agent' },
    ]),
  ]);
  assert.equal(problems.length, 4);
  assert.match(problems[0] ?? '', /depends on ghost, which is not a container/);
  assert.match(problems[1] ?? '', /condition SUCCESS cannot be set on the essential container agent/);
  assert.match(problems.slice(2).join(' '), /interval 1 is outside 5–300.*retries 11 is outside 1–10/);
});

test('DeploymentCircuitBreaker: Enable, Rollback and ResetOnHealthyTask (true unless the template says false)', async (t) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'gatelink-breaker-plan-'));
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
  const stack = new Stack(app, 'Breaker');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const service = (id: string) => {
    const taskDefinition = new ecs.FargateTaskDefinition(stack, `${id}Task`);
    taskDefinition.addContainer('web', { image: ecs.ContainerImage.fromAsset(multistage), portMappings: [{ containerPort: 8080 }] });
    return new ecs.FargateService(stack, id, { cluster, taskDefinition, serviceName: id, circuitBreaker: { enable: true, rollback: true } });
  };
  service('Defaulted');
  (service('NoReset').node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.DeploymentCircuitBreaker.ResetOnHealthyTask', false);
  app.synth();

  const plan = buildPlan(await loadAssembly(outdir), { region: 'eu-west-1' });
  const breakerOf = (name: string) => plan.ecsServices.find((candidate) => candidate.name === name)?.circuitBreaker;
  assert.deepEqual(breakerOf('Defaulted'), { enable: true, rollback: true, resetOnHealthyTask: true });
  assert.deepEqual(breakerOf('NoReset'), { enable: true, rollback: true, resetOnHealthyTask: false });
});
