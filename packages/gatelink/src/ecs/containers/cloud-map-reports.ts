/**
 * What ECS tells Cloud Map about a task: its instance (ECS's attributes) once it runs, and its
 * health — the task's, not the load balancer's. A task without container health checks is HEALTHY
 * once running; one with them is as they decide (UNKNOWN until they do).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html
 */
import type { EcsServicePlan } from '../../plan/types.js';
import type { InstanceRegistryPort } from '../ports-of-call.js';
import type { ContainerHealthStatus } from './health-check.js';

export interface ReportedTask {
  readonly id: string;
  readonly port: number;
  readonly hasHealthChecks: boolean;
  /** The health of its essential containers that have checks (EcsTask.checkedHealth). */
  readonly checkedHealth: ContainerHealthStatus;
}

export function registerInstances(registry: InstanceRegistryPort, plan: EcsServicePlan, task: ReportedTask): void {
  for (const registration of plan.serviceRegistries) {
    registry.register(registration.cloudMapServiceId, task.id, {
      AWS_INSTANCE_IPV4: '127.0.0.1',
      AWS_INSTANCE_PORT: String(task.port),
      ECS_SERVICE_NAME: plan.name,
      ECS_CLUSTER_NAME: plan.clusterName,
      ECS_TASK_DEFINITION_FAMILY: plan.taskDefinition.family,
    });
  }
  reportHealth(registry, plan, task);
}

export function reportHealth(registry: InstanceRegistryPort, plan: EcsServicePlan, task: ReportedTask): void {
  const health = task.hasHealthChecks ? task.checkedHealth : 'HEALTHY';
  if (health === 'UNKNOWN') return;
  for (const registration of plan.serviceRegistries) registry.setHealth(registration.cloudMapServiceId, task.id, health === 'HEALTHY');
}
