/**
 * Container dependencies (`dependsOn`): when a container may start, and the order a task's
 * containers stop in — for startup the dependencies, for shutdown the same reversed: a container
 * stops before the containers it depends on.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
 *
 * A condition that can no longer be met (a SUCCESS dependency that exited non-zero, a HEALTHY one
 * that exited or has no health check) stops the task at once, with a reason that names the
 * container and the condition (ECS's wording for it is undocumented). A HEALTHY dependency that is
 * UNHEALTHY is waited for, as ECS waits: such a task stays PENDING (ECS gives up at the container's
 * start timeout, which gatelink does not emulate; aws/containers-roadmap#2379).
 */
import type { ContainerDependencyPlan, ContainerPlan } from '../../plan/types.js';
import type { ContainerHealthStatus } from './health-check.js';

export interface DependencyState {
  readonly status: 'PENDING' | 'RUNNING' | 'STOPPED';
  readonly health: ContainerHealthStatus;
  readonly exitCode?: number | null;
}

export type Verdict = { readonly kind: 'start' } | { readonly kind: 'wait' } | { readonly kind: 'never'; readonly reason: string };

export function dependencyVerdict(container: ContainerPlan, stateOf: (name: string) => DependencyState | undefined, hasHealthCheck: (name: string) => boolean): Verdict {
  let waiting = false;
  for (const dependency of container.dependsOn ?? []) {
    const outcome = conditionOutcome(dependency, stateOf(dependency.containerName), hasHealthCheck(dependency.containerName));
    if (outcome === 'met') continue;
    if (outcome === 'wait') waiting = true;
    else return { kind: 'never', reason: `Container ${container.name} cannot start: its dependency ${dependency.containerName} ${outcome} (condition ${dependency.condition})` };
  }
  return waiting ? { kind: 'wait' } : { kind: 'start' };
}

/** 'met', 'wait', or why the condition can never be met. */
function conditionOutcome(dependency: ContainerDependencyPlan, state: DependencyState | undefined, hasHealthCheck: boolean): string {
  if (!state) return 'is not a container of this task';
  const exited = state.status === 'STOPPED';
  switch (dependency.condition) {
    case 'START':
      return state.status === 'PENDING' ? 'wait' : 'met';
    case 'COMPLETE':
      return exited ? 'met' : 'wait';
    case 'SUCCESS':
      if (!exited) return 'wait';
      return state.exitCode === 0 ? 'met' : `exited with ${state.exitCode ?? 'a signal'}`;
    case 'HEALTHY':
      if (!hasHealthCheck) return 'has no health check';
      if (state.health === 'HEALTHY') return 'met';
      return exited ? 'exited before it was HEALTHY' : 'wait';
  }
}

/**
 * Runs `stop` for every container, each only after every container that depends on it has
 * stopped; containers unrelated by dependencies stop at the same time.
 */
export async function stopOrder(containers: readonly ContainerPlan[], stop: (name: string) => Promise<void>): Promise<void> {
  const done = new Map<string, Promise<void>>();
  const stopOne = (name: string, visiting: ReadonlySet<string>): Promise<void> => {
    const known = done.get(name);
    if (known) return known;
    const dependents = containers.filter((c) => !visiting.has(c.name) && (c.dependsOn ?? []).some((d) => d.containerName === name));
    const next = new Set(visiting).add(name); // AWS rejects cycles; guard anyway
    const promise = Promise.all(dependents.map((c) => stopOne(c.name, next))).then(() => stop(name));
    done.set(name, promise);
    return promise;
  };
  await Promise.all(containers.map((c) => stopOne(c.name, new Set())));
}
