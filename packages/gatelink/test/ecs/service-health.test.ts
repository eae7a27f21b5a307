/**
 * The scheduler and container health: an UNHEALTHY essential container gets its task replaced, Cloud
 * Map follows the task's health rather than the target group's, and sidecars launch with their own
 * ports and know where their neighbours listen.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { CloudMapIntegration } from '../../src/cloudmap/integration.js';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import { OPEN_NETWORK } from '../../src/elb/network-check.js';
import { PoolRegistry } from '../../src/proxy/pools.js';
import { EcsServiceRuntime } from '../../src/ecs/service.js';
import type { RunSpec } from '../../src/ecs/run-spec.js';
import type { ContainerPlan, EcsServicePlan, Plan } from '../../src/plan/types.js';
import { timingProfile } from '../../src/timing/profile.js';
import { FakeTargetGroup, eventually, servicePlan } from './fakes.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'containers');
const spec: RunSpec = { program: process.execPath, args: ['proc.js'], cwd: fixtures, imageEnv: { LISTEN: '1', NAME: 'web' }, stopSignal: 'SIGTERM', source: 'dockerfile' };
const sidecarSpec: RunSpec = { ...spec, imageEnv: { LISTEN: '1', NAME: 'proxy' } };

function webContainer(overrides: Partial<ContainerPlan> = {}): ContainerPlan {
  const base = servicePlan().taskDefinition.containers[0] as ContainerPlan;
  return { ...base, ...overrides };
}

function setup(t: { after(fn: () => Promise<void> | void): void }, plan: Partial<EcsServicePlan>, options: { sidecars?: Map<string, RunSpec>; group?: FakeTargetGroup } = {}) {
  const logDir = mkdtempSync(path.join(tmpdir(), 'gatelink-health-'));
  const group = options.group ?? new FakeTargetGroup();
  const registry = new CloudMapRegistry({
    cloudMapNamespaces: [{ id: 'Stack/NS', physicalId: 'ns-1', name: 'local', type: 'DNS_PRIVATE' }],
    cloudMapServices: [{ id: 'Stack/CloudMapService', physicalId: 'srv-1', arn: 'arn', name: 'web', namespaceId: 'Stack/NS', dnsRecordTypes: ['A'], customHealthCheck: true }],
  });
  const service = new EcsServiceRuntime(servicePlan({ desiredCount: 1, ...plan }), {
    spec: options.sidecars ? { main: spec, others: options.sidecars } : spec,
    containerName: 'web',
    targetGroups: [group],
    registry,
    timing: timingProfile('local'),
    logger: pino({ level: 'silent' }),
    logDir,
    region: 'us-west-2',
    engines: {},
  });
  t.after(async () => {
    await service.stop();
    rmSync(logDir, { recursive: true, force: true });
  });
  return { service, group, registry, logDir };
}

function taskDefinition(containers: ContainerPlan[]): Partial<EcsServicePlan> {
  return { taskDefinition: { ...servicePlan().taskDefinition, containers } };
}

test('a container whose health check fails is UNHEALTHY and ECS replaces its task (Task failed container health checks)', async (t) => {
  const sickDir = mkdtempSync(path.join(tmpdir(), 'gatelink-sick-'));
  t.after(() => rmSync(sickDir, { recursive: true, force: true }));
  // Each task is sick once its own marker file exists; the target group keeps saying healthy.
  const healthCheck = { command: ['CMD-SHELL', `test ! -f ${sickDir}/$ECS_TASK_ID`], intervalSeconds: 5, timeoutSeconds: 2, retries: 2, startPeriodSeconds: 0 };
  const { service, group } = setup(t, taskDefinition([webContainer({ healthCheck })]));
  await service.start();
  const first = await eventually(() => service.snapshot().tasks.find((task) => task.healthStatus === 'HEALTHY' && task.health === 'healthy'), 5_000, 'a HEALTHY task');
  const sickAt = Date.now();
  writeFileSync(path.join(sickDir, first.id), '');
  const stopped = await eventually(() => service.snapshot().stoppedTasks.find((task) => task.id === first.id), 10_000, 'the sick task to be stopped');
  t.diagnostic(`container check failing → task stopped in ${Date.now() - sickAt} ms (2 retries, local clocks)`);
  assert.equal(stopped.stoppedReason, 'Task failed container health checks');
  const replacement = await eventually(() => service.snapshot().tasks.find((task) => task.id !== first.id && task.healthStatus === 'HEALTHY' && task.health === 'healthy'), 10_000, 'a HEALTHY replacement');
  assert.ok(group.targets.has(replacement.id), 'the replacement is registered');
  assert.equal(group.health(first.id), 'unused', 'the sick task left its target group');
});

test('a task whose essential container has a health check is not healthy (ready) before the check passes', async (t) => {
  const gate = path.join(mkdtempSync(path.join(tmpdir(), 'gatelink-gate-')), 'open');
  t.after(() => rmSync(path.dirname(gate), { recursive: true, force: true }));
  const healthCheck = { command: ['CMD-SHELL', `test -f ${gate}`], intervalSeconds: 5, timeoutSeconds: 2, retries: 10, startPeriodSeconds: 0 };
  const { service } = setup(t, taskDefinition([webContainer({ healthCheck })]));
  await service.start();
  await eventually(() => service.snapshot().tasks[0]?.status === 'RUNNING', 5_000, 'the task to run');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(service.healthyCount(), 0, 'target healthy, container UNKNOWN: not yet healthy');
  assert.equal(service.snapshot().tasks[0]?.healthStatus, 'UNKNOWN');
  writeFileSync(gate, '');
  await eventually(() => service.healthyCount() === 1, 5_000, 'healthy once the check passes');
});

test('Cloud Map follows the task’s health, not the target group’s: an ALB that cannot reach the task leaves the route serving', async (t) => {
  // A long grace period keeps ECS from replacing the task the target group calls unhealthy.
  const { service, group, registry } = setup(t, { healthCheckGracePeriodSeconds: 3600 });
  await service.start();
  const target = await eventually(() => [...group.targets.values()][0], 5_000, 'a target');
  assert.equal(registry.discover('Stack/CloudMapService', { healthStatus: 'HEALTHY' }).length, 1);
  group.set(target.id, 'unhealthy', 'Target.Timeout');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const [instance] = registry.discover('Stack/CloudMapService', { healthStatus: 'HEALTHY' });
  assert.equal(instance?.instanceId, target.id, 'still discoverable as HEALTHY');
  assert.equal(instance?.healthStatus, 'HEALTHY');
  // The HTTP API's Cloud Map integration (what a route to the service does) still reaches the task.
  const pools = new PoolRegistry();
  const integration = new CloudMapIntegration('Stack/CloudMapService', {}, { plan: { ecsServices: [service.plan] } as unknown as Plan, registry, network: OPEN_NETWORK, pools });
  t.after(async () => {
    await integration.close();
    await pools.close();
  });
  const signal = new AbortController().signal;
  const response = await integration.handle({ method: 'GET', url: '/movies', headers: {}, body: null, sourceIp: '10.0.0.5', sourcePort: 1, sourceSecurityGroupIds: [], signal, requestId: 'r' });
  assert.equal(response.statusCode, 200, 'the Cloud Map route serves while the target group says unhealthy');
  let text = '';
  for await (const chunk of response.body ?? []) text += String(chunk);
  assert.equal((JSON.parse(text) as { name: string }).name, 'web');
});

test('Cloud Map marks the instance UNHEALTHY when the task’s container health checks fail', async (t) => {
  const sick = path.join(mkdtempSync(path.join(tmpdir(), 'gatelink-sick-')), 'sick');
  t.after(() => rmSync(path.dirname(sick), { recursive: true, force: true }));
  const healthCheck = { command: ['CMD-SHELL', `test ! -f ${sick}`], intervalSeconds: 5, timeoutSeconds: 2, retries: 1, startPeriodSeconds: 0 };
  const { service, registry } = setup(t, { ...taskDefinition([webContainer({ healthCheck })]), healthCheckGracePeriodSeconds: 3600 });
  await service.start();
  await eventually(() => registry.discover('Stack/CloudMapService', { healthStatus: 'ALL' })[0]?.healthStatus === 'HEALTHY', 5_000, 'a HEALTHY instance');
  writeFileSync(sick, '');
  await eventually(() => registry.discover('Stack/CloudMapService', { healthStatus: 'ALL' })[0]?.healthStatus === 'UNHEALTHY', 5_000, 'the instance UNHEALTHY');
  assert.equal(registry.discover('Stack/CloudMapService', { healthStatus: 'HEALTHY' }).length, 0);
  assert.equal(service.snapshot().tasks[0]?.health, 'unhealthy', 'in its grace period the task stays, unhealthy');
});

test('a sidecar runs beside the main container with a port of its own; each knows where the other listens', async (t) => {
  const proxy = webContainer({ name: 'proxy', essential: false, portMappings: [{ containerPort: 9901, protocol: 'tcp' }] });
  const { service, group } = setup(t, taskDefinition([webContainer(), proxy]), { sidecars: new Map([['proxy', sidecarSpec]]) });
  await service.start();
  const target = await eventually(() => [...group.targets.values()][0], 5_000, 'a target');
  const web = (await (await fetch(`http://127.0.0.1:${target.port}/`)).json()) as { name: string; neighbours: Record<string, string> };
  assert.equal(web.name, 'web');
  const proxyPort = Number(web.neighbours.GATELINK_PORT_PROXY);
  assert.ok(proxyPort > 0 && proxyPort !== target.port);
  // The task runs once its main container accepts connections; the sidecar may still be binding.
  const sidecar = await eventually(() => fetch(`http://127.0.0.1:${proxyPort}/`).then((r) => r.json() as Promise<{ name: string; neighbours: Record<string, string> }>, () => undefined), 5_000, 'the sidecar to answer');
  assert.equal(sidecar.name, 'proxy');
  assert.equal(sidecar.neighbours.GATELINK_PORT_WEB, String(target.port));
  assert.deepEqual(service.snapshot().tasks[0]?.containers?.map((c) => [c.name, c.status]), [['web', 'RUNNING'], ['proxy', 'RUNNING']]);
});
