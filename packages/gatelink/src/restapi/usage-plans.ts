/**
 * API keys and usage plans: a method with `apiKeyRequired` needs an `x-api-key` that is an enabled key
 * of a usage plan covering the API's stage (else 403 Forbidden); that key then meets the plan's
 * throttle (per key, per method when the plan's API stage sets one) and quota (per key per period).
 * Methods without `apiKeyRequired` ignore a sent key and no plan limit applies.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-usage-plans-with-rest-api.html
 */
import { ACCOUNT_THROTTLE, TokenBucket } from '../gateway/throttle.js';
import type { ApiKeyPlan, MethodThrottlePlan, RestMethodPlan, UsagePlanPlan } from '../plan/types.js';

export type KeyVerdict = { readonly allowed: true; readonly keyId: string } | { readonly allowed: false; readonly response: 'INVALID_API_KEY' | 'THROTTLED' | 'QUOTA_EXCEEDED' };

interface PlanStage {
  readonly plan: UsagePlanPlan;
  readonly methodThrottles: Readonly<Record<string, MethodThrottlePlan>>;
}

export class UsagePlans {
  private readonly keysByValue: ReadonlyMap<string, ApiKeyPlan>;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly used = new Map<string, { period: string; count: number }>();

  constructor(
    private readonly apiId: string,
    keys: readonly ApiKeyPlan[],
    private readonly plans: readonly UsagePlanPlan[],
    private readonly now: () => number = () => Date.now(),
  ) {
    this.keysByValue = new Map(keys.filter((key) => key.enabled).map((key) => [key.value, key]));
  }

  /** Checks the key a method requires; call only for methods with `apiKeyRequired`. */
  admit(keyValue: string | undefined, stage: string, method: RestMethodPlan): KeyVerdict {
    const key = keyValue === undefined ? undefined : this.keysByValue.get(keyValue);
    if (!key) return { allowed: false, response: 'INVALID_API_KEY' };
    const stagePlans = this.plansOf(key.id, stage);
    if (stagePlans.length === 0) return { allowed: false, response: 'INVALID_API_KEY' };
    for (const { plan, methodThrottles } of stagePlans) {
      const limits = methodThrottles[`${method.resourcePath} ${method.httpMethod}`] ?? plan.throttle;
      if (limits && !this.bucket(`${plan.id} ${key.id} ${method.id}`, limits).take()) return { allowed: false, response: 'THROTTLED' };
      if (plan.quota && !this.count(`${plan.id} ${key.id}`, plan.quota)) return { allowed: false, response: 'QUOTA_EXCEEDED' };
    }
    return { allowed: true, keyId: key.id };
  }

  private plansOf(keyId: string, stage: string): PlanStage[] {
    const out: PlanStage[] = [];
    for (const plan of this.plans) {
      if (!plan.apiKeyIds.includes(keyId)) continue;
      const apiStage = plan.stages.find((s) => s.apiId === this.apiId && s.stage === stage);
      if (apiStage) out.push({ plan, methodThrottles: apiStage.methodThrottles });
    }
    return out;
  }

  private bucket(key: string, limits: MethodThrottlePlan): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limits.rateLimit ?? ACCOUNT_THROTTLE.rateLimit, limits.burstLimit ?? ACCOUNT_THROTTLE.burstLimit);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Counts one request against the quota of its period (UTC day, ISO week, month); false once spent. */
  private count(key: string, quota: NonNullable<UsagePlanPlan['quota']>): boolean {
    const period = periodOf(new Date(this.now()), quota.period);
    const entry = this.used.get(key);
    const used = entry?.period === period ? entry.count : 0;
    if (used >= quota.limit) return false;
    this.used.set(key, { period, count: used + 1 });
    return true;
  }
}

/** The quota period a moment falls in. Undocumented: gatelink keeps counts in memory and applies no `offset`. */
export function periodOf(date: Date, period: 'DAY' | 'WEEK' | 'MONTH'): string {
  const day = date.toISOString().slice(0, 10);
  if (period === 'DAY') return day;
  if (period === 'MONTH') return day.slice(0, 7);
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - ((date.getUTCDay() + 6) % 7)));
  return `week-of-${monday.toISOString().slice(0, 10)}`;
}
