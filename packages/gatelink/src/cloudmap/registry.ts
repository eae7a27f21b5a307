/**
 * AWS Cloud Map, as far as the data plane needs it: namespaces and services from the plan,
 * instances registered by the ECS scheduler with ECS's attributes, health pushed from the target
 * group (ECS's custom health checks), and DiscoverInstances with its health filters and random order.
 */
import type { CloudMapNamespacePlan, CloudMapServicePlan, Plan, ResourceId } from '../plan/types.js';
import type { InstanceRegistryPort } from '../ecs/ports-of-call.js';

export type HealthFilter = 'HEALTHY' | 'UNHEALTHY' | 'ALL' | 'HEALTHY_OR_ELSE_ALL';

export interface CloudMapInstance {
  readonly instanceId: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** `UNKNOWN` until ECS first reports, as Cloud Map reports before the first health update. */
  readonly healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
}

interface ServiceEntry {
  readonly plan: CloudMapServicePlan;
  readonly instances: Map<string, { attributes: Readonly<Record<string, string>>; health: CloudMapInstance['healthStatus'] }>;
}

export class CloudMapRegistry implements InstanceRegistryPort {
  private readonly services = new Map<ResourceId, ServiceEntry>();
  private readonly namespaces: readonly CloudMapNamespacePlan[];

  constructor(plan: Pick<Plan, 'cloudMapNamespaces' | 'cloudMapServices'>) {
    this.namespaces = plan.cloudMapNamespaces;
    for (const service of plan.cloudMapServices) this.services.set(service.id, { plan: service, instances: new Map() });
  }

  register(serviceId: ResourceId, instanceId: string, attributes: Readonly<Record<string, string>>): void {
    const entry = this.services.get(serviceId);
    if (!entry) return;
    // Re-registering an existing id updates it in place, as RegisterInstance does.
    const previous = entry.instances.get(instanceId);
    entry.instances.set(instanceId, { attributes: { ...attributes }, health: previous?.health ?? 'UNKNOWN' });
  }

  deregister(serviceId: ResourceId, instanceId: string): void {
    this.services.get(serviceId)?.instances.delete(instanceId);
  }

  setHealth(serviceId: ResourceId, instanceId: string, healthy: boolean): void {
    const instance = this.services.get(serviceId)?.instances.get(instanceId);
    if (instance) instance.health = healthy ? 'HEALTHY' : 'UNHEALTHY';
  }

  /**
   * DiscoverInstances: instances matching every query parameter, filtered by health, in random
   * order. The filter is ignored for services without a health check, as AWS ignores it.
   */
  discover(serviceId: ResourceId, options: { queryParameters?: Readonly<Record<string, string>>; healthStatus?: HealthFilter } = {}): CloudMapInstance[] {
    const entry = this.services.get(serviceId);
    if (!entry) return [];
    const query = Object.entries(options.queryParameters ?? {});
    const matching = [...entry.instances.entries()]
      .filter(([, instance]) => query.every(([key, value]) => instance.attributes[key] === value))
      .map(([instanceId, instance]) => ({ instanceId, attributes: instance.attributes, healthStatus: instance.health }));
    const filtered = entry.plan.customHealthCheck ? filterByHealth(matching, options.healthStatus ?? 'HEALTHY') : matching;
    return shuffle(filtered);
  }

  snapshot(): { namespaces: { name: string; type: string; services: { name: string; instances: CloudMapInstance[] }[] }[] } {
    return {
      namespaces: this.namespaces.map((namespace) => ({
        name: namespace.name,
        type: namespace.type,
        services: [...this.services.values()]
          .filter((entry) => entry.plan.namespaceId === namespace.id)
          .map((entry) => ({ name: entry.plan.name, instances: this.discover(entry.plan.id, { healthStatus: 'ALL' }) })),
      })),
    };
  }
}

function filterByHealth(instances: CloudMapInstance[], filter: HealthFilter): CloudMapInstance[] {
  // A custom health check starts HEALTHY unless told otherwise (AWS_INIT_HEALTH_STATUS default).
  const isHealthy = (instance: CloudMapInstance): boolean => instance.healthStatus !== 'UNHEALTHY';
  switch (filter) {
    case 'ALL':
      return instances;
    case 'HEALTHY':
      return instances.filter(isHealthy);
    case 'UNHEALTHY':
      return instances.filter((instance) => !isHealthy(instance));
    case 'HEALTHY_OR_ELSE_ALL': {
      const healthy = instances.filter(isHealthy);
      return healthy.length > 0 ? healthy : instances;
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
