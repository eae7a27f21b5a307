/** Load balancers with their listeners and rules, and target groups with AWS's documented defaults. */
import { GatelinkError } from '../errors.js';
import { attributeOf } from './attributes.js';
import type { ActionPlan, ConditionPlan, HealthCheckPlan, ListenerPlan, ListenerProtocol, LoadBalancerPlan, RulePlan, TargetGroupPlan } from './types.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import { keyValues, list, num, record, refId, str } from './values.js';

export function extractLoadBalancers(resolved: ResolvedAssembly, problems: string[]): LoadBalancerPlan[] {
  const listeners = resolved.ofType('AWS::ElasticLoadBalancingV2::Listener');
  const rules = resolved.ofType('AWS::ElasticLoadBalancingV2::ListenerRule');
  return resolved.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map((lb) => ({
    id: lb.id,
    physicalId: lb.physicalId,
    name: str(lb.props.Name, lb.physicalId.split('/')[2] ?? lb.logicalId),
    type: str(lb.props.Type, 'application') === 'network' ? 'network' : 'application',
    scheme: str(lb.props.Scheme, 'internet-facing') === 'internal' ? 'internal' : 'internet-facing',
    securityGroupIds: list(lb.props.SecurityGroups).map((group) => refId(resolved, group)),
    subnetIds: list(lb.props.Subnets).map((subnet) => refId(resolved, subnet)),
    attributes: keyValues(lb.props.LoadBalancerAttributes),
    dnsName: dnsNameOf(resolved, lb),
    ...(lb.cdkPath ? { cdkPath: lb.cdkPath.replace(/\/Resource$/, '') } : {}),
    listeners: listeners.filter((l) => refId(resolved, l.props.LoadBalancerArn) === lb.id).map((l) => listenerPlan(resolved, l, lb.id, rules, problems)),
  }));
}

/** What `Fn::GetAtt [lb, DNSName]` gives: gatelink routes traffic for this name to the local load balancer. */
function dnsNameOf(resolved: ResolvedAssembly, lb: ResolvedResource): string {
  const resource = lb.stackRef.template.Resources?.[lb.logicalId] ?? { Type: lb.type };
  const ctx = { stackName: lb.stack, region: resolved.region, accountId: resolved.accountId };
  return str(attributeOf({ ctx, logicalId: lb.logicalId, resource, attribute: 'DNSName', prop: (name) => lb.props[name] }));
}

function listenerPlan(resolved: ResolvedAssembly, listener: ResolvedResource, loadBalancerId: string, rules: ResolvedResource[], problems: string[]): ListenerPlan {
  const own = rules.filter((rule) => refId(resolved, rule.props.ListenerArn) === listener.id).map((rule): RulePlan => ({
    id: rule.id,
    priority: num(rule.props.Priority, 0),
    conditions: list(rule.props.Conditions).map((c) => conditionPlan(record(c))),
    actions: actionsOf(resolved, rule.props.Actions),
  }));
  const seen = new Map<number, string>();
  for (const rule of own) {
    const other = seen.get(rule.priority);
    if (other) problems.push(`${rule.id} and ${other} share priority ${rule.priority} on ${listener.id} (AWS: PriorityInUse)`);
    seen.set(rule.priority, rule.id);
  }
  return {
    id: listener.id,
    physicalId: listener.physicalId,
    loadBalancerId,
    port: num(listener.props.Port, 80),
    protocol: listenerProtocol(listener.props.Protocol),
    attributes: keyValues(listener.props.ListenerAttributes),
    defaultActions: actionsOf(resolved, listener.props.DefaultActions),
    rules: own.sort((a, b) => a.priority - b.priority),
  };
}

/** Both condition forms: the old `Field` + `Values` and the newer `<Field>Config` blocks. */
function conditionPlan(raw: Record<string, unknown>): ConditionPlan {
  const field = str(raw.Field);
  const values = (config: string, key = 'Values') => list(record(raw[config])[key] ?? raw.Values).map((v) => str(v));
  switch (field) {
    case 'path-pattern':
      return { field, values: values('PathPatternConfig') };
    case 'host-header':
      return { field, values: values('HostHeaderConfig') };
    case 'http-request-method':
      return { field, values: values('HttpRequestMethodConfig') };
    case 'source-ip':
      return { field, values: values('SourceIpConfig') };
    case 'http-header':
      return { field, headerName: str(record(raw.HttpHeaderConfig).HttpHeaderName), values: values('HttpHeaderConfig') };
    case 'query-string':
      return { field, values: list(record(raw.QueryStringConfig).Values).map((v) => ({ ...(record(v).Key !== undefined ? { key: str(record(v).Key) } : {}), value: str(record(v).Value) })) };
    default:
      throw new GatelinkError('GL_ERR_PLAN_UNSUPPORTED_PROPERTY', { resource: 'listener rule', type: 'AWS::ElasticLoadBalancingV2::ListenerRule', property: `Conditions.Field=${field}`, detail: 'unknown condition field' });
  }
}

function actionsOf(resolved: ResolvedAssembly, value: unknown): ActionPlan[] {
  const actions = list(value).map(record).sort((a, b) => num(a.Order, 0) - num(b.Order, 0));
  return actions.flatMap((action): ActionPlan[] => {
    switch (str(action.Type)) {
      case 'forward': {
        const forward = record(action.ForwardConfig);
        const groups = list(forward.TargetGroups).map(record);
        const targetGroups = groups.length > 0 ? groups.map((g) => ({ targetGroupId: refId(resolved, g.TargetGroupArn), weight: num(g.Weight, 1) })) : [{ targetGroupId: refId(resolved, action.TargetGroupArn), weight: 1 }];
        return [{ type: 'forward', targetGroups }];
      }
      case 'fixed-response': {
        const config = record(action.FixedResponseConfig);
        return [{ type: 'fixed-response', statusCode: num(config.StatusCode, 200), ...(config.ContentType !== undefined ? { contentType: str(config.ContentType) } : {}), ...(config.MessageBody !== undefined ? { messageBody: str(config.MessageBody) } : {}) }];
      }
      case 'redirect': {
        const config = record(action.RedirectConfig);
        const optional = (key: string) => (config[key] !== undefined ? { [key.toLowerCase()]: str(config[key]) } : {});
        return [{ type: 'redirect', statusCode: str(config.StatusCode) === 'HTTP_301' ? 301 : 302, ...optional('Protocol'), ...optional('Host'), ...optional('Port'), ...optional('Path'), ...optional('Query') }];
      }
      default:
        return [];
    }
  });
}

export function extractTargetGroups(resolved: ResolvedAssembly): TargetGroupPlan[] {
  return resolved.ofType('AWS::ElasticLoadBalancingV2::TargetGroup').map((group) => {
    const p = group.props;
    const attributes = keyValues(p.TargetGroupAttributes);
    const protocol = listenerProtocol(p.Protocol);
    const algorithm = str(attributes['load_balancing.algorithm.type'], 'round_robin');
    return {
      id: group.id,
      physicalId: group.physicalId,
      name: str(p.Name, group.physicalId.split('/')[1] ?? group.logicalId),
      port: num(p.Port, 80),
      protocol,
      targetType: (str(p.TargetType, 'instance') as TargetGroupPlan['targetType']),
      healthCheck: isNetworkProtocol(protocol) ? networkHealthCheck(p) : applicationHealthCheck(p, protocol),
      deregistrationDelaySeconds: num(attributes['deregistration_delay.timeout_seconds'], 300),
      algorithm: algorithm === 'least_outstanding_requests' || algorithm === 'weighted_random' ? algorithm : 'round_robin',
      slowStartSeconds: num(attributes['slow_start.duration_seconds'], 0),
      attributes,
      targets: list(p.Targets).map(record).map((target) => {
        const id = str(target.Id);
        const resource = resolved.byPhysicalId(id);
        return { id, ...(resource ? { resourceId: resource.id } : {}), ...(target.Port !== undefined ? { port: num(target.Port, 0) } : {}) };
      }),
    };
  });
}

/** TCP, TLS, UDP and TCP_UDP belong to Network Load Balancers. */
export function isNetworkProtocol(protocol: ListenerProtocol): boolean {
  return protocol !== 'HTTP' && protocol !== 'HTTPS';
}

function listenerProtocol(value: unknown): ListenerProtocol {
  const protocol = str(value, 'HTTP').toUpperCase();
  return (['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'] as const).find((known) => known === protocol) ?? 'HTTP';
}

/** The ALB's defaults (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html). */
function applicationHealthCheck(p: Record<string, unknown>, protocol: ListenerProtocol): HealthCheckPlan {
  return {
    enabled: p.HealthCheckEnabled !== false && p.HealthCheckEnabled !== 'false',
    protocol: str(p.HealthCheckProtocol, protocol) === 'HTTPS' ? 'HTTPS' : 'HTTP',
    port: healthCheckPort(p.HealthCheckPort),
    path: str(p.HealthCheckPath, '/'),
    intervalSeconds: num(p.HealthCheckIntervalSeconds, 30),
    timeoutSeconds: num(p.HealthCheckTimeoutSeconds, 5),
    healthyThreshold: num(p.HealthyThresholdCount, 5),
    unhealthyThreshold: num(p.UnhealthyThresholdCount, 2),
    matcher: str(record(p.Matcher).HttpCode, '200'),
  };
}

/**
 * The NLB's defaults, which differ from the ALB's: protocol TCP, timeout 6 s for HTTP and 10 s for
 * TCP and HTTPS, healthy 5 / unhealthy 2, success codes 200-399
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html).
 */
function networkHealthCheck(p: Record<string, unknown>): HealthCheckPlan {
  const raw = str(p.HealthCheckProtocol, 'TCP').toUpperCase();
  const protocol = raw === 'HTTP' || raw === 'HTTPS' ? raw : 'TCP';
  return {
    enabled: p.HealthCheckEnabled !== false && p.HealthCheckEnabled !== 'false',
    protocol,
    port: healthCheckPort(p.HealthCheckPort),
    path: str(p.HealthCheckPath, '/'),
    intervalSeconds: num(p.HealthCheckIntervalSeconds, 30),
    timeoutSeconds: num(p.HealthCheckTimeoutSeconds, protocol === 'HTTP' ? 6 : 10),
    healthyThreshold: num(p.HealthyThresholdCount, 5),
    unhealthyThreshold: num(p.UnhealthyThresholdCount, 2),
    matcher: str(record(p.Matcher).HttpCode, '200-399'),
  };
}

function healthCheckPort(value: unknown): 'traffic-port' | number {
  return value === undefined || value === 'traffic-port' ? 'traffic-port' : num(value, 80);
}
