/**
 * HTTP API throttling: a token bucket per stage and route — burst is the bucket's size, rate its
 * refill per second — from the stage's DefaultRouteSettings, overridden per route key by
 * RouteSettings, under the account's Regional limit (10,000 rps, burst 5,000). Over the limit the
 * client gets 429 {"message":"Too Many Requests"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
import type { HttpApiPlan, StagePlan, ThrottlePlan } from '../plan/types.js';

/** The account-level quota per Region that applies when nothing narrower is set. */
export const ACCOUNT_THROTTLE = { rateLimit: 10_000, burstLimit: 5_000 } as const;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class Throttles {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly api: HttpApiPlan,
    private readonly now?: () => number,
  ) {}

  /** Whether a request to `routeKey` on `stage` may pass now. */
  allow(stage: StagePlan, routeKey: string): boolean {
    const key = `${stage.name} ${routeKey}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const limits = effectiveLimits(stage.defaultRouteSettings, stage.routeSettings[routeKey]);
      bucket = new TokenBucket(limits.rateLimit, limits.burstLimit, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}

/** Route settings win field by field over the stage default; neither may exceed the account's. */
export function effectiveLimits(stageDefault: ThrottlePlan, route: ThrottlePlan | undefined): { rateLimit: number; burstLimit: number } {
  const rate = route?.rateLimit ?? stageDefault.rateLimit ?? ACCOUNT_THROTTLE.rateLimit;
  const burst = route?.burstLimit ?? stageDefault.burstLimit ?? ACCOUNT_THROTTLE.burstLimit;
  return { rateLimit: Math.min(rate, ACCOUNT_THROTTLE.rateLimit), burstLimit: Math.min(burst, ACCOUNT_THROTTLE.burstLimit) };
}
