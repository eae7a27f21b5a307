/** Which containers of a task run: all of them, sidecars too, except a non-essential one skipped in gatelink.config.json. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { resolveUpOptions } from '../../src/cli/options.js';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import type { TaskRunSpecs } from '../../src/ecs/containers/launch.js';
import { isGatelinkError } from '../../src/errors.js';
import type { ContainerPlan, Plan } from '../../src/plan/types.js';
import type { GatelinkConfig } from '../../src/runtime/config-file.js';
import { createServices } from '../../src/runtime/services.js';
import { timingProfile } from '../../src/timing/profile.js';
import { FakeTargetGroup, servicePlan } from '../ecs/fakes.js';

const polyglot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'ecs', 'fixtures', 'polyglot');

const web: ContainerPlan = {
  name: 'web',
  image: { kind: 'asset', directory: path.join(polyglot, 'python'), dockerfile: 'Dockerfile', assetHash: 'py' },
  essential: true,
  environment: {},
  portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
  stopTimeoutSeconds: 30,
  readonlyRootFilesystem: false,
};
const agent: ContainerPlan = { ...web, name: 'xray-daemon', image: { kind: 'registry', uri: 'public.ecr.aws/xray/aws-xray-daemon:latest' }, essential: false, portMappings: [] };

function plan(containers: ContainerPlan[]): Plan {
  const service = servicePlan({ taskDefinition: { ...servicePlan().taskDefinition, containers }, serviceRegistries: [] });
  return { region: 'eu-west-1', accountId: '0', stacks: [], httpApis: [], vpcLinks: [], loadBalancers: [], targetGroups: [], securityGroups: [], subnets: [], ecsServices: [service], cloudMapNamespaces: [], cloudMapServices: [], tables: [], support: [] } as unknown as Plan;
}

async function specsOf(containers: ContainerPlan[], config: GatelinkConfig): Promise<TaskRunSpecs> {
  const input = {
    plan: plan(containers),
    config,
    options: resolveUpOptions({ port: 0, adminPort: 0 }, {}, polyglot),
    timing: timingProfile('local'),
    logger: pino({ level: 'silent' }),
    registry: new CloudMapRegistry({ cloudMapNamespaces: [], cloudMapServices: [] }),
    targetGroup: () => new FakeTargetGroup(),
    logDir: path.join(polyglot, 'never-written'),
    engines: {},
    ledger: { add: () => undefined, remove: () => undefined },
  };
  const [service] = await createServices(input);
  return (await service?.respec()) as TaskRunSpecs;
}

test('every container of the task gets a run spec; a registry sidecar needs an override', async () => {
  await assert.rejects(specsOf([web, agent], { containers: {} }), (error: unknown) => isGatelinkError(error, 'GL_ERR_ECS_REGISTRY_IMAGE') && /xray-daemon/.test(error.message));
  const specs = await specsOf([web, agent], { containers: { 'xray-daemon': { command: ['sleep', '3600'] } } });
  assert.deepEqual(specs.main.args, ['app.py']);
  assert.deepEqual(specs.others.get('xray-daemon')?.args, ['3600']);
});

test('"skip": true leaves out a non-essential sidecar nothing depends on, and nothing else', async () => {
  const skipped = await specsOf([web, agent], { containers: { 'xray-daemon': { skip: true } } });
  assert.equal(skipped.others.size, 0);
  await assert.rejects(specsOf([web, { ...agent, essential: true }], { containers: { 'xray-daemon': { skip: true } } }), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /it is essential/.test(error.message));
  const dependent = { ...web, dependsOn: [{ containerName: 'xray-daemon', condition: 'START' as const }] };
  await assert.rejects(specsOf([dependent, agent], { containers: { 'xray-daemon': { skip: true } } }), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /web depend\(s\) on it/.test(error.message));
});
