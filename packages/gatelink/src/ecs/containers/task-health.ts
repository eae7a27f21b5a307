/**
 * A task's health from its containers', by ECS's priority: UNHEALTHY if any essential container is,
 * else UNKNOWN if any essential container is (still being evaluated, or without a health check),
 * else HEALTHY. Non-essential containers do not count.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 */
import type { TargetHealth } from '../ports-of-call.js';
import type { ContainerHealthStatus } from './health-check.js';

export function taskHealthOf(containers: readonly { readonly essential: boolean; readonly health: ContainerHealthStatus }[]): ContainerHealthStatus {
  const essential = containers.filter((container) => container.essential);
  if (essential.some((container) => container.health === 'UNHEALTHY')) return 'UNHEALTHY';
  if (essential.length === 0 || essential.some((container) => container.health === 'UNKNOWN')) return 'UNKNOWN';
  return 'HEALTHY';
}

/**
 * Healthy for the scheduler (deployments, readiness): the load balancer's view (or, without one,
 * running) and, when its essential containers have health checks (`containers` defined), theirs.
 */
export function schedulerHealth(containers: ContainerHealthStatus | undefined, balancer: TargetHealth): TargetHealth {
  if (containers === 'UNHEALTHY') return 'unhealthy';
  return balancer === 'healthy' && containers === 'UNKNOWN' ? 'initial' : balancer;
}
