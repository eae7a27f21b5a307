/**
 * Builds one EcsServiceRuntime per ECS service in the plan: its main container (the one the load
 * balancer targets, else the first essential one), how to run it and every other container of the
 * task (sidecars), and its target groups.
 */
import type { Logger } from 'pino';
import type { Status } from '../admin/status.js';
import type { UpOptions } from '../cli/options.js';
import type { CloudMapRegistry } from '../cloudmap/registry.js';
import type { DockerfileCache } from '../ecs/dockerfile-cache.js';
import type { DockerBuildOptions } from '../ecs/dockerfile.js';
import type { TargetGroupPort } from '../ecs/ports-of-call.js';
import { resolveRunSpec } from '../ecs/run-spec.js';
import type { RunSpec } from '../ecs/run-spec.js';
import type { TaskRunSpecs } from '../ecs/containers/launch.js';
import { GatelinkError } from '../errors.js';
import { EcsServiceRuntime } from '../ecs/service.js';
import type { EngineEndpoints } from '../ecs/task-env.js';
import type { ContainerPlan, EcsServicePlan, Plan, ResourceId } from '../plan/types.js';
import type { InjectedSecrets } from '../secrets/inject.js';
import type { TimingProfile } from '../timing/profile.js';
import { overrideFor } from './config-file.js';
import type { GatelinkConfig } from './config-file.js';
import type { DeployableService } from './deployer.js';

export interface CreateServicesInput {
  readonly plan: Plan;
  readonly config: GatelinkConfig;
  readonly options: UpOptions;
  readonly timing: TimingProfile;
  readonly logger: Logger;
  readonly registry: CloudMapRegistry;
  /** The target group an ECS service's load balancer binding names (by plan id or ARN). */
  readonly targetGroup: (id: ResourceId) => TargetGroupPort;
  readonly logDir: string;
  readonly engines: EngineEndpoints;
  /** Fetches a container's `Secrets` when a task starts (../secrets/inject.ts). */
  readonly containerSecrets?: (container: ContainerPlan) => InjectedSecrets;
  readonly ledger: { add(pid: number, stopSignal?: NodeJS.Signals): void; remove(pid: number): void };
  readonly dockerfiles?: DockerfileCache;
}

export async function createServices(input: CreateServicesInput): Promise<DeployableService[]> {
  return Promise.all(input.plan.ecsServices.map((service) => createService(input, service)));
}

async function createService(input: CreateServicesInput, service: EcsServicePlan): Promise<DeployableService> {
  const container = mainContainer(service);
  const override = overrideFor(input.config, service.name, container.name);
  const resolve = (plan: ContainerPlan): Promise<RunSpec> =>
    resolveRunSpec({ serviceName: service.name, container: plan, override: overrideFor(input.config, service.name, plan.name), projectDir: input.options.projectDir, ...(input.dockerfiles ? { readDockerfile: readerOf(input.dockerfiles) } : {}) });
  const others = runnableSidecars(input, service, container);
  const respec = async (): Promise<TaskRunSpecs> => {
    const [main, ...sidecars] = await Promise.all([resolve(container), ...others.map(resolve)]);
    return { main: main as RunSpec, others: new Map(others.map((plan, index) => [plan.name, sidecars[index] as RunSpec])) };
  };
  const spec = await respec();
  const targetGroups = service.loadBalancers.map((binding) => input.targetGroup(binding.targetGroupId));
  const runtime = new EcsServiceRuntime(service, {
    spec,
    containerName: container.name,
    targetGroups,
    registry: input.registry,
    timing: input.timing,
    logger: input.logger,
    logDir: input.logDir,
    region: input.plan.region,
    engines: input.engines,
    ...(input.containerSecrets ? { containerSecrets: input.containerSecrets } : {}),
    ledger: input.ledger,
  });
  return { runtime, respec, settings: { ...(override?.watch ? { watch: override.watch } : {}), ...(override?.build ? { build: override.build } : {}) } };
}

const readerOf = (cache: DockerfileCache) => (file: string, build?: DockerBuildOptions) => cache.read(file, build);

/**
 * The task's other containers, each run as its own process, except those gatelink.config.json says
 * to skip — allowed for a non-essential container that no other container depends on, since leaving
 * out anything else changes how the task behaves.
 */
function runnableSidecars(input: CreateServicesInput, service: EcsServicePlan, main: ContainerPlan): ContainerPlan[] {
  const containers = service.taskDefinition.containers;
  return containers.filter((plan) => {
    if (plan === main || !overrideFor(input.config, service.name, plan.name)?.skip) return plan !== main;
    const dependents = containers.filter((other) => (other.dependsOn ?? []).some((dependency) => dependency.containerName === plan.name));
    if (plan.essential || dependents.length > 0) {
      const why = plan.essential ? 'it is essential' : `${dependents.map((other) => other.name).join(', ')} depend(s) on it`;
      throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `containers.${plan.name}.skip: container ${plan.name} of ${service.name} cannot be skipped: ${why}` });
    }
    input.logger.info({ service: service.name, container: plan.name }, 'container skipped (gatelink.config.json)');
    return false;
  });
}

function mainContainer(service: EcsServicePlan): ContainerPlan {
  const containers = service.taskDefinition.containers;
  const balanced = service.loadBalancers[0]?.containerName;
  const chosen = containers.find((c) => c.name === balanced) ?? containers.find((c) => c.essential) ?? containers[0];
  if (!chosen) throw new Error(`ECS service ${service.name} has a task definition without containers`);
  return chosen;
}

/** Resolves true once every task of every service is healthy, false when the deadline passes. */
export async function waitUntilHealthy(status: () => Status, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    const services = status().services;
    const ready = services.every((service) => service.tasks.filter((task) => task.health === 'healthy').length >= service.desiredCount);
    if (ready) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}
