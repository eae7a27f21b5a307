/**
 * Builds the plan: resolve every stack, extract what gatelink emulates, record a support note for
 * every resource, reject what cannot be emulated (all problems in one error), validate, and freeze.
 */
import type { CloudAssembly } from '../assembly/index.js';
import { GatelinkError } from '../errors.js';
import { extractHttpApis } from './extract-apigw.js';
import { extractCloudMap, extractTables } from './extract-data.js';
import { extractEcsServices } from './extract-ecs.js';
import { extractLoadBalancers, extractTargetGroups } from './extract-elb.js';
import { extractSecurityGroups, extractSubnets, extractVpcLinks } from './extract-network.js';
import { extractSecrets, extractSsmParameters } from './extract-secrets.js';
import { resolveAssembly } from './resources.js';
import type { ResolvedAssembly, ResolveOptions } from './resources.js';
import { supportOf } from './support.js';
import type { Plan, SupportNote } from './types.js';
import { str } from './values.js';

export function buildPlan(assembly: CloudAssembly, options: ResolveOptions = {}): Plan {
  const resolved = resolveAssembly(assembly, options);
  const rejected: string[] = [];
  const problems: string[] = [];
  const support = supportNotes(resolved, rejected);
  const cloudMap = extractCloudMap(resolved);
  const plan: Plan = {
    region: resolved.region,
    accountId: resolved.accountId,
    stacks: assembly.stacks.map((stack) => ({ name: stack.name, templateFile: stack.templateFile, resourceCount: Object.keys(stack.template.Resources ?? {}).length })),
    httpApis: extractHttpApis(resolved, problems),
    vpcLinks: extractVpcLinks(resolved),
    loadBalancers: extractLoadBalancers(resolved, problems),
    targetGroups: extractTargetGroups(resolved),
    securityGroups: extractSecurityGroups(resolved),
    subnets: extractSubnets(resolved),
    ecsServices: extractEcsServices(resolved, assembly.stacks),
    cloudMapNamespaces: cloudMap.namespaces,
    cloudMapServices: cloudMap.services,
    tables: extractTables(resolved),
    secrets: extractSecrets(resolved),
    ssmParameters: extractSsmParameters(resolved),
    parameterStandIns: resolved.parameterStandIns,
    support,
  };
  if (rejected.length > 0) {
    throw new GatelinkError('GL_ERR_PLAN_UNSUPPORTED_RESOURCE', { resource: rejected.join('; '), type: 'see each', detail: 'these resources cannot be run locally' });
  }
  problems.push(...validateReferences(plan));
  if (problems.length > 0) throw new GatelinkError('GL_ERR_PLAN_INVALID', { problems: problems.join('; ') });
  return deepFreeze(plan);
}

function supportNotes(resolved: ResolvedAssembly, rejected: string[]): SupportNote[] {
  return resolved.resources.map((resource) => {
    let entry = supportOf(resource.type);
    if (resource.type === 'AWS::ApiGatewayV2::Api' && str(resource.props.ProtocolType, 'HTTP') !== 'HTTP') entry = { level: 'rejected', reason: 'WebSocket APIs are not emulated' };
    if (resource.type === 'AWS::ApiGatewayV2::Integration' && str(resource.props.IntegrationType) !== 'HTTP_PROXY') {
      entry = { level: 'rejected', reason: `IntegrationType ${str(resource.props.IntegrationType)} is not emulated (only HTTP_PROXY)` };
    }
    if (entry.level === 'rejected') rejected.push(`${resource.id} (${resource.type}): ${entry.reason}`);
    return { resource: resource.id, type: resource.type, level: entry.level, reason: entry.reason };
  });
}

/** References AWS would refuse to deploy: routes to missing integrations, forwards to missing groups. */
function validateReferences(plan: Plan): string[] {
  const problems: string[] = [];
  const groups = new Set(plan.targetGroups.map((g) => g.id));
  for (const api of plan.httpApis) {
    const integrations = new Set(api.integrations.map((i) => i.id));
    for (const route of api.routes) {
      if (route.integrationId && !integrations.has(route.integrationId)) problems.push(`${route.id} targets ${route.integrationId}, which is not an integration of ${api.id}`);
    }
  }
  for (const lb of plan.loadBalancers) {
    for (const listener of lb.listeners) {
      for (const action of [...listener.defaultActions, ...listener.rules.flatMap((r) => r.actions)]) {
        if (action.type !== 'forward') continue;
        for (const target of action.targetGroups) if (!groups.has(target.targetGroupId)) problems.push(`${listener.id} forwards to ${target.targetGroupId}, which the app does not define`);
      }
    }
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as Record<string, unknown>)) deepFreeze(item);
  }
  return value;
}
