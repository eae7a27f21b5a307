/**
 * A task's health from its containers', by ECS's priority: UNHEALTHY if any essential container is,
 * else UNKNOWN if any essential container is (still being evaluated, or without a health check),
 * else HEALTHY. Non-essential containers do not count.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 */
import type { ContainerHealthStatus } from './health-check.js';

export function taskHealthOf(containers: readonly { readonly essential: boolean; readonly health: ContainerHealthStatus }[]): ContainerHealthStatus {
  const essential = containers.filter((container) => container.essential);
  if (essential.some((container) => container.health === 'UNHEALTHY')) return 'UNHEALTHY';
  if (essential.length === 0 || essential.some((container) => container.health === 'UNKNOWN')) return 'UNKNOWN';
  return 'HEALTHY';
}
