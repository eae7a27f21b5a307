/**
 * Builds one EcsServiceRuntime per ECS service in the plan: which container to run (the one the
 * load balancer targets, else the first essential one), how to run it, and its target groups.
 */
import type { Logger } from 'pino';
import type { Status } from '../admin/status.js';
import type { UpOptions } from '../cli/options.js';
import type { CloudMapRegistry } from '../cloudmap/registry.js';
import type { DockerfileCache } from '../ecs/dockerfile-cache.js';
import type { TargetGroupPort } from '../ecs/ports-of-call.js';
import { resolveRunSpec } from '../ecs/run-spec.js';
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
  readonly ledger: { add(pid: number): void; remove(pid: number): void };
  readonly dockerfiles?: DockerfileCache;
}

export async function createServices(input: CreateServicesInput): Promise<DeployableService[]> {
  return Promise.all(input.plan.ecsServices.map((service) => createService(input, service)));
}

async function createService(input: CreateServicesInput, service: EcsServicePlan): Promise<DeployableService> {
  const container = mainContainer(service);
  for (const other of service.taskDefinition.containers) {
    if (other !== container) input.logger.warn({ service: service.name, container: other.name }, 'sidecar container is not run locally (only the load-balanced/essential container is)');
  }
  const override = overrideFor(input.config, service.name, container.name);
  const respec = () => resolveRunSpec({ serviceName: service.name, container, override, projectDir: input.options.projectDir, ...(input.dockerfiles ? { readDockerfile: readerOf(input.dockerfiles) } : {}) });
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

const readerOf = (cache: DockerfileCache) => (file: string) => cache.read(file);

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
