/**
 * What each container of a new task is launched with: its run spec, its own native port when it maps
 * one (the load-balanced container's is the task's), its environment (the image's ENV, the task
 * definition's, gatelink's, and where its neighbours listen) and its health check with container
 * ports rewritten to native ones.
 */
import type { EcsServicePlan } from '../../plan/types.js';
import { containerHealthClock } from '../../timing/container-health.js';
import type { TimingProfile } from '../../timing/profile.js';
import { freePort } from '../ports.js';
import type { RunSpec } from '../run-spec.js';
import { buildTaskEnv } from '../task-env.js';
import type { EngineEndpoints } from '../task-env.js';
import type { ContainerLaunch } from './ecs-task.js';
import { healthCheckArgv } from './health-check.js';
import { neighbourPortEnv, rewriteTaskPorts } from './ports.js';

/** How to run a task's containers: the main (load-balanced) one, and the others by name. */
export interface TaskRunSpecs {
  readonly main: RunSpec;
  readonly others: ReadonlyMap<string, RunSpec>;
}

export function asTaskRunSpecs(spec: RunSpec | TaskRunSpecs): TaskRunSpecs {
  return 'main' in spec ? spec : { main: spec, others: new Map() };
}

export interface LaunchInput {
  readonly plan: EcsServicePlan;
  readonly main: string;
  readonly specs: TaskRunSpecs;
  readonly taskId: string;
  /** The main container's native port, chosen by the scheduler. */
  readonly mainPort: number;
  readonly region: string;
  readonly engines: EngineEndpoints;
  readonly timing: TimingProfile;
  /** Each container's `Secrets`, already fetched (../../secrets/inject.ts), by container name. */
  readonly secretEnv?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export async function containerLaunches(input: LaunchInput): Promise<ContainerLaunch[]> {
  const { plan, specs } = input;
  const containers = plan.taskDefinition.containers.filter((c) => c.name === input.main || specs.others.has(c.name));
  const ports = new Map<string, number>();
  for (const container of containers) {
    if (container.name === input.main) ports.set(container.name, input.mainPort);
    else if (container.portMappings.length > 0) ports.set(container.name, await freePort());
  }
  // Natively a container has one port (PORT): its first port mapping stands for all of them.
  const portTable = new Map<number, number>();
  for (const container of containers) {
    const native = ports.get(container.name);
    const mapped = container.portMappings[0]?.containerPort;
    if (native !== undefined && mapped !== undefined) portTable.set(mapped, native);
  }
  return containers.map((container) => {
    const spec = container.name === input.main ? specs.main : (specs.others.get(container.name) as RunSpec);
    const port = ports.get(container.name) ?? 0;
    const env = buildTaskEnv({
      imageEnv: spec.imageEnv,
      taskDefinitionEnv: container.environment,
      secretEnv: input.secretEnv?.get(container.name) ?? {},
      port,
      region: input.region,
      engines: input.engines,
      metadata: { cluster: plan.clusterName, service: plan.name, taskId: input.taskId },
    });
    if (port === 0) delete env.PORT;
    Object.assign(env, neighbourPortEnv(ports));
    const check = container.healthCheck;
    return {
      plan: container,
      spec,
      env,
      port,
      listens: container.portMappings.length > 0 || (container.name === input.main && (plan.loadBalancers.length > 0 || plan.serviceRegistries.length > 0)),
      stopTimeoutMs: input.timing.stopTimeoutMs(container.stopTimeoutSeconds),
      ...(check ? { healthCheck: { argv: healthCheckArgv(check.command).map((part) => rewriteTaskPorts(part, portTable)), clock: containerHealthClock(input.timing.mode, check) } } : {}),
    };
  });
}
