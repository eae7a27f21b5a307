/**
 * Turns one request's hop events into its record: the gateway's decisions (route, authorizer,
 * throttling, mapping), the VPC link, the load balancer's rule and target, the task. What the events
 * leave out (the route's authorizer, whether the integration maps parameters, which service a task
 * belongs to) is read from the plan.
 */
import type { Plan, RoutePlan } from '../plan/types.js';
import type { GatewayRequestEvent, LinkHopEvent, RuleHopEvent, TargetHopEvent } from './channels.js';
import type { Hop, RequestRecord } from './record.js';
import { redactHeaders } from './redact.js';
import type { Headers } from './redact.js';

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export interface PendingHops {
  link?: LinkHopEvent;
  rule?: RuleHopEvent;
  target?: TargetHopEvent;
}

export interface AssembleContext {
  readonly plan: Plan;
  /** The ECS service a task id belongs to, when it is still known. */
  readonly serviceOfTask: (taskId: string) => string | undefined;
}

/** `headers: false` leaves the hops' headers out (a list row needs none, and redacting costs the most). */
export function assembleRecord(gateway: GatewayRequestEvent, hops: PendingHops, context: AssembleContext, options: { headers: boolean } = { headers: true }): RequestRecord {
  const redact = options.headers ? redactHeaders : () => undefined;
  const api = context.plan.httpApis.find((candidate) => candidate.apiId === gateway.api);
  const route = api?.routes.find((candidate) => candidate.routeKey === gateway.routeKey);
  const integration = api?.integrations.find((candidate) => candidate.id === route?.integrationId);
  const traceRoot = /Root=([^;]+)/.exec(String(hops.target?.headers['x-amzn-trace-id'] ?? ''))?.[1];
  const list: Hop[] = [gatewayHop(gateway, api?.name ?? gateway.api, route, integration !== undefined && Object.keys(integration.requestParameters).length > 0, redact)];
  if (hops.link) list.push(linkHop(hops.link, gateway, context.plan, redact));
  if (hops.rule) list.push(loadBalancerHop(hops.rule, hops.target));
  if (hops.target) list.push(taskHop(hops.target, context, redact));
  return {
    id: gateway.requestId,
    ...(traceRoot ? { traceId: traceRoot } : {}),
    method: gateway.method,
    path: gateway.path,
    status: gateway.status,
    startedAt: gateway.startedAtMs,
    durationMs: gateway.durationMs,
    api: gateway.api,
    stage: gateway.stage,
    routeKey: gateway.routeKey,
    hops: list,
    ...(gateway.accessLogLine ? { accessLogLine: gateway.accessLogLine } : {}),
  };
}

type Redact = (headers: Headers) => Record<string, string | string[]> | undefined;

function gatewayHop(event: GatewayRequestEvent, apiName: string, route: RoutePlan | undefined, mapped: boolean, redact: Redact): Hop {
  return {
    kind: 'gateway',
    name: `HTTP API ${apiName} (${event.stage})`,
    startedAt: event.startedAtMs,
    durationMs: event.durationMs,
    status: event.status,
    detail: {
      route: event.routeKey === '-' ? 'no route matched' : event.routeKey,
      authorizer: authorizerVerdict(event, route),
      throttling: event.errorType === 'throttled' ? 'throttled (429)' : 'within limits',
      mapping: mapped ? 'request parameter mapping applied' : 'none',
      ...(event.integrationStatus !== undefined ? { 'integration status': String(event.integrationStatus) } : {}),
      ...(event.errorType ? { 'error response': event.errorType } : {}),
    },
    ...optional('headers', redact(event.headers)),
    ...(event.integrationError ? { error: event.integrationError } : {}),
  };
}

function authorizerVerdict(event: GatewayRequestEvent, route: RoutePlan | undefined): string {
  if (!route || route.authorizationType === 'NONE') return 'none';
  if (event.authorized === true) return `${route.authorizationType}: allowed`;
  if (event.authorized === false) return `${route.authorizationType}: denied (${event.authorizerError ?? ''})`;
  return route.authorizationType;
}

function linkHop(event: LinkHopEvent, gateway: GatewayRequestEvent, plan: Plan, redact: Redact): Hop {
  const link = plan.vpcLinks.find((candidate) => candidate.id === event.vpcLink);
  const blocked = gateway.integrationError?.includes('security group') === true;
  return {
    kind: 'link',
    name: link ? `VPC link ${link.name}` : 'integration (no VPC link)',
    startedAt: event.startedAt,
    durationMs: gateway.integrationLatencyMs ?? 0,
    ...(gateway.integrationStatus !== undefined ? { status: gateway.integrationStatus } : {}),
    detail: { integration: event.integrationId, 'source address': event.sourceIp, request: `${event.method} ${event.url}` },
    ...optional('headers', redact(event.headers)),
    ...(blocked && gateway.integrationError ? { error: gateway.integrationError } : {}),
  };
}

function loadBalancerHop(rule: RuleHopEvent, target: TargetHopEvent | undefined): Hop {
  const end = target ? target.startedAt + target.durationMs : rule.at;
  return {
    kind: 'loadBalancer',
    name: `listener ${rule.listenerId}`,
    startedAt: rule.at,
    durationMs: Math.max(0, end - rule.at),
    ...(target ? { status: target.status } : {}),
    detail: {
      rule: rule.priority === 'default' ? 'default action' : `${rule.ruleId} (priority ${rule.priority})`,
      ...(target ? { 'target group': target.group, target: `${target.targetId} at ${target.address}`, 'target time': `${target.durationMs.toFixed(1)} ms` } : {}),
    },
  };
}

function taskHop(target: TargetHopEvent, context: AssembleContext, redact: Redact): Hop {
  const service = context.serviceOfTask(target.targetId);
  return {
    kind: 'task',
    name: `task ${target.targetId.slice(0, 12)}${service ? ` (${service})` : ''}`,
    startedAt: target.startedAt,
    durationMs: target.durationMs,
    status: target.status,
    detail: { task: target.targetId, ...(service ? { service } : {}), address: target.address, via: target.via === 'elb' ? `target group ${target.group}` : `Cloud Map ${target.group}` },
    ...optional('headers', redact(target.headers)),
    ...(target.error ? { error: target.error } : {}),
  };
}
