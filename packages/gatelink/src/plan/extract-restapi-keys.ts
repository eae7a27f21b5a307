/** REST API companions: API keys, usage plans (and their keys), and v1 VPC links to network load balancers. */
import { hex } from './physical-ids.js';
import { decodeSettingPath, throttleOf } from './extract-restapi.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import type { ApiKeyPlan, MethodThrottlePlan, RestVpcLinkPlan, UsagePlanPlan } from './types.js';
import { list, num, record, refId, str } from './values.js';

export function extractApiKeys(resolved: ResolvedAssembly): ApiKeyPlan[] {
  return resolved.ofType('AWS::ApiGateway::ApiKey').map((key) => ({
    id: key.id,
    name: str(key.props.Name, key.logicalId),
    // AWS generates a 40-character value when the template sets none; locally it is derived from the
    // resource's address, so it stays the same across runs (`gatelink status` lists it).
    value: str(key.props.Value, hex(`${key.id}/api-key`, 40)),
    generated: key.props.Value === undefined,
    enabled: key.props.Enabled !== false && key.props.Enabled !== 'false',
  }));
}

export function extractUsagePlans(resolved: ResolvedAssembly): UsagePlanPlan[] {
  const planKeys = resolved.ofType('AWS::ApiGateway::UsagePlanKey');
  return resolved.ofType('AWS::ApiGateway::UsagePlan').map((plan) => {
    const p = plan.props;
    const throttle = record(p.Throttle);
    const quota = record(p.Quota);
    const period = str(quota.Period, 'DAY').toUpperCase();
    return {
      id: plan.id,
      name: str(p.UsagePlanName, plan.logicalId),
      stages: list(p.ApiStages).map((raw) => stageOf(resolved, record(raw))),
      ...(p.Throttle !== undefined ? { throttle: throttleOf(throttle.BurstLimit, throttle.RateLimit) } : {}),
      ...(p.Quota !== undefined ? { quota: { limit: num(quota.Limit, 0), period: period === 'WEEK' || period === 'MONTH' ? period : 'DAY', offset: num(quota.Offset, 0) } } : {}),
      apiKeyIds: planKeys.filter((key) => isKeyOf(resolved, key, plan)).map((key) => refId(resolved, key.props.KeyId)),
    } satisfies UsagePlanPlan;
  });
}

function isKeyOf(resolved: ResolvedAssembly, key: ResolvedResource, plan: ResolvedResource): boolean {
  return refId(resolved, key.props.UsagePlanId) === plan.id && str(key.props.KeyType, 'API_KEY') === 'API_KEY';
}

/** `Throttle` of an API stage is keyed `/path/METHOD` (`/pets/GET`, `/~1pets/GET` escaped). */
function stageOf(resolved: ResolvedAssembly, raw: Record<string, unknown>): UsagePlanPlan['stages'][number] {
  const methodThrottles: Record<string, MethodThrottlePlan> = {};
  for (const [key, value] of Object.entries(record(raw.Throttle))) {
    const at = key.lastIndexOf('/');
    const path = decodeSettingPath(key.slice(0, at) || '/');
    methodThrottles[`${path} ${key.slice(at + 1).toUpperCase()}`] = throttleOf(record(value).BurstLimit, record(value).RateLimit);
  }
  return { apiId: refId(resolved, raw.ApiId), stage: str(raw.Stage), methodThrottles };
}

export function extractRestVpcLinks(resolved: ResolvedAssembly): RestVpcLinkPlan[] {
  return resolved.ofType('AWS::ApiGateway::VpcLink').map((link) => ({
    id: link.id,
    physicalId: link.physicalId,
    name: str(link.props.Name, link.logicalId),
    targetLoadBalancerIds: list(link.props.TargetArns).map((arn) => refId(resolved, arn)),
  }));
}
