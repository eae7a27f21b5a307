/** Composes `GET /v1/status` from the live runtimes. */
import type { Status, StatusLoadBalancer, StatusQueue, StatusRoute, StatusTargetGroup } from '../admin/status.js';
import { toTaskHealth } from '../admin/status.js';
import type { CloudMapRegistry } from '../cloudmap/registry.js';
import type { EcsServiceRuntime } from '../ecs/service.js';

export interface StatusSources {
  readonly endpoints: Status['endpoints'];
  readonly timings: Status['timings'];
  readonly services: readonly EcsServiceRuntime[];
  readonly targetGroups: () => readonly StatusTargetGroup[];
  readonly routes: () => readonly StatusRoute[];
  readonly loadBalancers?: () => readonly StatusLoadBalancer[];
  readonly registry: CloudMapRegistry;
  /** The SQS engine's queues (counts read just before), when the app has any. */
  readonly queues?: () => readonly StatusQueue[];
}

export function composeStatus(sources: StatusSources): Status {
  return {
    version: 1,
    endpoints: sources.endpoints,
    timings: sources.timings,
    services: sources.services.map((service) => {
      const snapshot = service.snapshot();
      return { ...snapshot, tasks: snapshot.tasks.map((task) => ({ ...task, health: toTaskHealth(task.health) })) };
    }),
    targetGroups: sources.targetGroups(),
    ...(sources.loadBalancers ? { loadBalancers: sources.loadBalancers() } : {}),
    ...(sources.queues ? { queues: sources.queues() } : {}),
    routes: sources.routes(),
    cloudMap: sources.registry.snapshot().namespaces.flatMap((namespace) =>
      namespace.services.map((service) => ({
        namespace: namespace.name,
        service: service.name,
        instances: service.instances.map((instance) => ({ id: instance.instanceId, health: instance.healthStatus, port: instance.attributes.AWS_INSTANCE_PORT })),
      })),
    ),
  };
}
