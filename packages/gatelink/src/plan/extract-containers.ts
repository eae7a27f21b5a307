/**
 * A container definition's `HealthCheck` and `DependsOn`, with ECS's defaults: interval 30 s,
 * timeout 5 s, 3 retries, no start period
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html).
 */
import type { ContainerCondition, ContainerDependencyPlan, ContainerHealthCheckPlan } from './types.js';
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
