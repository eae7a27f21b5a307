/** Topology contributors for the back of the chain: Cloud Map services, ECS services (their tasks are live state), DynamoDB tables. */
import type { EcsServicePlan, LoadBalancerPlan } from '../plan/types.js';
import type { TopologyBuilder } from './topology.js';

export function cloudMapContributor(b: TopologyBuilder): void {
  for (const service of b.plan.cloudMapServices) {
    const namespace = b.plan.cloudMapNamespaces.find((candidate) => candidate.id === service.namespaceId);
    b.node('target groups · Cloud Map', {
      id: service.id,
      kind: 'cloudMap',
      label: `${service.name}${namespace ? `.${namespace.name}` : ''}`,
      sub: `Cloud Map ${service.dnsRecordTypes.join('/') || 'API-only'}`,
      detail: { namespace: namespace?.name ?? '?', records: service.dnsRecordTypes.join(', ') },
      live: { kind: 'cloudMap', name: `${namespace?.name ?? ''}/${service.name}` },
    });
  }
}

export function ecsContributor(b: TopologyBuilder): void {
  for (const service of b.plan.ecsServices) {
    b.node('services', {
      id: service.id,
      kind: 'service',
      label: service.name,
      sub: `ECS · desired ${service.desiredCount}`,
      detail: { cluster: service.clusterName, family: service.taskDefinition.family, 'desired count': String(service.desiredCount), deployment: `min ${service.minimumHealthyPercent}% / max ${service.maximumPercent}%`, 'security groups': service.securityGroupIds.map((id) => id.split('/').pop() ?? id).join(', ') },
      live: { kind: 'service', name: service.name },
    });
    for (const binding of service.loadBalancers) targetGroupEdge(b, service, binding.targetGroupId, binding.containerPort);
    for (const registry of service.serviceRegistries) cloudMapEdge(b, service, registry.cloudMapServiceId, registry.containerPort);
  }
}

/** Target group → service, with the verdict for the load balancer's connections to the tasks (what health checks and requests need). */
function targetGroupEdge(b: TopologyBuilder, service: EcsServicePlan, targetGroupId: string, containerPort: number): void {
  const group = b.plan.targetGroups.find((candidate) => candidate.id === targetGroupId);
  const front = b.plan.loadBalancers.find((lb) => forwardsTo(lb, targetGroupId));
  if (!group) return;
  const verdict = front
    ? b.network.canConnect(
        { securityGroupIds: front.securityGroupIds, description: `load balancer ${front.name} (${front.id})` },
        { securityGroupIds: service.securityGroupIds, port: containerPort, description: `tasks of ECS service ${service.name} (target group ${group.name})` },
      )
    : { allowed: true as const };
  b.edge({ from: group.id, to: service.id, label: `tcp/${containerPort}`, verdict: { ...verdict, hop: `load balancer ${front?.name ?? ''} → tasks of ${service.name} on tcp/${containerPort}` } });
}

/** Cloud Map service → ECS service, with the verdict for the VPC link's connections to the tasks. */
function cloudMapEdge(b: TopologyBuilder, service: EcsServicePlan, cloudMapServiceId: string, containerPort: number | undefined): void {
  const integration = b.plan.httpApis.flatMap((api) => api.integrations).find((candidate) => candidate.target.kind === 'cloudmap' && candidate.target.serviceId === cloudMapServiceId);
  const link = b.plan.vpcLinks.find((candidate) => candidate.id === integration?.vpcLinkId);
  const port = containerPort ?? service.taskDefinition.containers[0]?.portMappings[0]?.containerPort ?? 0;
  if (!link) {
    b.edge({ from: cloudMapServiceId, to: service.id });
    return;
  }
  const verdict = b.network.canConnect(
    { securityGroupIds: link.securityGroupIds, description: 'the VPC link' },
    { securityGroupIds: service.securityGroupIds, port, description: `ECS service ${service.name}` },
  );
  b.edge({ from: cloudMapServiceId, to: service.id, label: `tcp/${port}`, verdict: { ...verdict, hop: `VPC link ${link.name} → tasks of ${service.name} on tcp/${port}` } });
}

/** A service uses a table when its main container's environment names it (the usual `TABLE_NAME` variable). */
export function tableContributor(b: TopologyBuilder): void {
  for (const table of b.plan.tables) {
    b.node('data', { id: table.id, kind: 'table', label: table.tableName, sub: `DynamoDB · ${table.keySchema.map((key) => `${key.attributeName} (${key.keyType})`).join(', ')}`, detail: { billing: table.billingMode, indexes: [...table.globalSecondaryIndexes, ...table.localSecondaryIndexes].map((index) => index.indexName).join(', ') || 'none' } });
    for (const service of b.plan.ecsServices) {
      const uses = service.taskDefinition.containers.some((container) => Object.values(container.environment).includes(table.tableName));
      if (uses) b.edge({ from: service.id, to: table.id });
    }
  }
}

function forwardsTo(lb: LoadBalancerPlan, targetGroupId: string): boolean {
  return lb.listeners.some((listener) => [...listener.defaultActions, ...listener.rules.flatMap((rule) => rule.actions)].some((action) => action.type === 'forward' && action.targetGroups.some((entry) => entry.targetGroupId === targetGroupId)));
}
