/** Topology contributors for the front of the chain: HTTP APIs (routes, integrations, VPC links) and load balancers (listeners, rules). */
import type { ActionPlan, IntegrationPlan, LoadBalancerPlan } from '../plan/types.js';
import type { TopologyBuilder } from './topology.js';

const short = (id: string): string => id.split('/').pop() ?? id;

export function apiContributor(b: TopologyBuilder): void {
  for (const api of b.plan.httpApis) {
    b.node('APIs', { id: api.id, kind: 'api', label: api.name, sub: `HTTP API ${api.apiId}`, detail: { stages: api.stages.map((stage) => stage.name).join(', '), routes: String(api.routes.length) } });
    for (const route of api.routes) {
      b.node('routes', { id: route.id, kind: 'route', label: route.routeKey, sub: route.authorizationType === 'NONE' ? 'no authorizer' : `${route.authorizationType} authorizer`, detail: { route: route.routeKey, authorization: route.authorizationType } });
      b.edge({ from: api.id, to: route.id });
      const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
      if (integration) b.edge({ from: route.id, to: integration.id });
    }
    for (const integration of api.integrations) integrationNode(b, integration);
  }
}

function integrationNode(b: TopologyBuilder, integration: IntegrationPlan): void {
  const target = integration.target;
  b.node('integrations', {
    id: integration.id,
    kind: 'integration',
    label: short(integration.id),
    sub: `${integration.type} ${integration.connectionType}`,
    detail: { method: integration.method, timeout: `${integration.timeoutMs} ms`, 'parameter mapping': Object.keys(integration.requestParameters).length > 0 ? Object.entries(integration.requestParameters).map(([k, v]) => `${k}=${v}`).join(', ') : 'none' },
  });
  const link = b.plan.vpcLinks.find((candidate) => candidate.id === integration.vpcLinkId);
  if (link) {
    b.node('VPC links', { id: link.id, kind: 'vpcLink', label: link.name, sub: 'VPC link', detail: { 'security groups': link.securityGroupIds.map(short).join(', ') || 'VPC default' } });
    b.edge({ from: integration.id, to: link.id });
  }
  const from = link?.id ?? integration.id;
  const linkGroups = link?.securityGroupIds ?? [];
  if (target.kind === 'listener') {
    const lb = b.plan.loadBalancers.find((candidate) => candidate.listeners.some((listener) => listener.id === target.listenerId));
    const listener = lb?.listeners.find((candidate) => candidate.id === target.listenerId);
    if (!lb || !listener) return;
    const verdict = b.network.canConnect(
      { securityGroupIds: linkGroups, description: `VPC link ${link?.name ?? '(none)'}` },
      { securityGroupIds: lb.securityGroupIds, port: listener.port, description: `load balancer ${lb.name}` },
    );
    b.edge({ from, to: listener.id, label: `tcp/${listener.port}`, verdict: { ...verdict, hop: `VPC link → load balancer ${lb.name} on tcp/${listener.port}` } });
  } else if (target.kind === 'cloudmap') {
    b.edge({ from, to: target.serviceId, label: 'DiscoverInstances' });
  }
}

export function elbContributor(b: TopologyBuilder): void {
  for (const lb of b.plan.loadBalancers) {
    for (const listener of lb.listeners) {
      b.node('listeners', { id: listener.id, kind: 'listener', label: `${lb.name} :${listener.port}`, sub: `${lb.type === 'application' ? 'ALB' : 'NLB'} ${lb.scheme} · ${listener.protocol}`, detail: { 'load balancer': lb.name, type: lb.type, 'security groups': lb.securityGroupIds.map(short).join(', ') } });
      for (const rule of listener.rules) {
        b.node('rules', { id: rule.id, kind: 'rule', label: `priority ${rule.priority}`, sub: rule.conditions.map((c) => `${c.field} ${c.values.map((v) => (typeof v === 'string' ? v : `${v.key ?? ''}=${v.value}`)).join(',')}`).join(' & '), detail: { conditions: JSON.stringify(rule.conditions), action: describe(rule.actions.at(-1)) } });
        b.edge({ from: listener.id, to: rule.id });
        forwardEdges(b, lb, rule.id, rule.actions);
      }
      const defaultId = `${listener.id}#default`;
      b.node('rules', { id: defaultId, kind: 'rule', label: 'default', sub: describe(listener.defaultActions.at(-1)), detail: { action: describe(listener.defaultActions.at(-1)) } });
      b.edge({ from: listener.id, to: defaultId });
      forwardEdges(b, lb, defaultId, listener.defaultActions);
    }
  }
}

function forwardEdges(b: TopologyBuilder, lb: LoadBalancerPlan, from: string, actions: readonly ActionPlan[]): void {
  const action = actions.at(-1);
  if (action?.type !== 'forward') return;
  for (const entry of action.targetGroups) {
    const group = b.plan.targetGroups.find((candidate) => candidate.id === entry.targetGroupId);
    if (!group) continue;
    b.node('target groups · Cloud Map', {
      id: group.id,
      kind: 'targetGroup',
      label: group.name,
      sub: `${group.protocol}:${group.port} · health ${group.healthCheck.path}`,
      detail: { algorithm: group.algorithm, 'health check': `${group.healthCheck.protocol} ${group.healthCheck.path} every ${group.healthCheck.intervalSeconds}s`, 'deregistration delay': `${group.deregistrationDelaySeconds}s`, 'load balancer': lb.name },
      live: { kind: 'targetGroup', name: group.name },
    });
    b.edge({ from, to: group.id, ...(action.targetGroups.length > 1 ? { label: `weight ${entry.weight}` } : {}) });
  }
}

function describe(action: ActionPlan | undefined): string {
  if (!action) return 'none';
  if (action.type === 'forward') return `forward to ${action.targetGroups.map((entry) => short(entry.targetGroupId)).join(', ')}`;
  if (action.type === 'fixed-response') return `fixed-response ${action.statusCode}`;
  return `redirect ${action.statusCode}`;
}
