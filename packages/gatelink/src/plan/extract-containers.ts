/**
 * A container definition's `HealthCheck` and `DependsOn`, with ECS's defaults: interval 30 s,
 * timeout 5 s, 3 retries, no start period
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html).
 */
import type { ContainerCondition, ContainerDependencyPlan, ContainerHealthCheckPlan, EcsServicePlan } from './types.js';
import { list, num, record, str } from './values.js';

export const HEALTH_CHECK_DEFAULTS = { intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 } as const;

/** The health check, or undefined when there is none or its command is `["NONE"]` (Docker's "disabled"). */
export function containerHealthCheck(value: unknown): ContainerHealthCheckPlan | undefined {
  const check = record(value);
  const command = list(check.Command).map((part) => str(part));
  if (command.length === 0 || command[0] === 'NONE') return undefined;
  return {
    command,
    intervalSeconds: num(check.Interval, HEALTH_CHECK_DEFAULTS.intervalSeconds),
    timeoutSeconds: num(check.Timeout, HEALTH_CHECK_DEFAULTS.timeoutSeconds),
    retries: num(check.Retries, HEALTH_CHECK_DEFAULTS.retries),
    startPeriodSeconds: num(check.StartPeriod, HEALTH_CHECK_DEFAULTS.startPeriodSeconds),
  };
}

const CONDITIONS: readonly ContainerCondition[] = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];

export function containerDependencies(value: unknown): ContainerDependencyPlan[] {
  return list(value)
    .map(record)
    .map((dependency) => {
      const condition = str(dependency.Condition, 'START').toUpperCase() as ContainerCondition;
      return { containerName: str(dependency.ContainerName), condition: CONDITIONS.includes(condition) ? condition : 'START' };
    });
}

/** The ranges ECS accepts for a health check's settings (API_HealthCheck.html). */
const HEALTH_CHECK_RANGES = { intervalSeconds: [5, 300], timeoutSeconds: [2, 60], retries: [1, 10], startPeriodSeconds: [0, 300] } as const;

/**
 * What ECS rejects in a task definition's containers: a dependency on a container the task does not
 * have, COMPLETE / SUCCESS on an essential container, health-check settings out of range.
 */
export function validateContainers(services: readonly EcsServicePlan[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { taskDefinition } of services) {
    if (seen.has(taskDefinition.id)) continue;
    seen.add(taskDefinition.id);
    const byName = new Map(taskDefinition.containers.map((container) => [container.name, container]));
    for (const container of taskDefinition.containers) {
      const where = `${taskDefinition.id} container ${container.name}`;
      for (const dependency of container.dependsOn ?? []) {
        const target = byName.get(dependency.containerName);
        if (!target) problems.push(`${where} depends on ${dependency.containerName}, which is not a container of the task definition`);
        else if ((dependency.condition === 'COMPLETE' || dependency.condition === 'SUCCESS') && target.essential) problems.push(`${where}: condition ${dependency.condition} cannot be set on the essential container ${target.name}`);
      }
      const check = container.healthCheck;
      if (!check) continue;
      for (const [key, [min, max]] of Object.entries(HEALTH_CHECK_RANGES)) {
        const value = check[key as keyof typeof HEALTH_CHECK_RANGES];
        if (value < min || value > max) problems.push(`${where}: HealthCheck ${key.replace('Seconds', '')} ${value} is outside ${min}–${max}`);
      }
    }
  }
  return problems;
}
