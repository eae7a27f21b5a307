/**
 * Everything the REST data plane needs per API, built once at start: the resource tree, stages by
 * name, stage method throttles, API keys and usage plans, request validation, gateway responses,
 * compiled mapping templates and access-log formats. The request path only looks things up.
 */
import { AccessLogFormat, DEFAULT_ACCESS_LOG_FORMAT } from '../gateway/access-log.js';
import { ACCOUNT_THROTTLE, TokenBucket } from '../gateway/throttle.js';
import type { MethodThrottlePlan, Plan, RestApiPlan, RestAuthorizerPlan, RestMethodPlan, RestStagePlan } from '../plan/types.js';
import { ResourceTree } from './match.js';
import { GatewayResponses } from './responses.js';
import { UsagePlans } from './usage-plans.js';
import { RequestValidation } from './validate.js';
import { MappingTemplate } from './vtl.js';

export class CompiledRestApi {
  readonly tree: ResourceTree;
  readonly stages: ReadonlyMap<string, RestStagePlan>;
  readonly responses: GatewayResponses;
  readonly usagePlans: UsagePlans;
  readonly validation: RequestValidation;
  readonly authorizers: ReadonlyMap<string, RestAuthorizerPlan>;
  private readonly templates = new Map<string, MappingTemplate>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly accessLogs = new Map<string, AccessLogFormat>();
  private readonly defaultAccessLog: AccessLogFormat;

  constructor(
    readonly api: RestApiPlan,
    plan: Plan,
    accessLogOverride?: string,
  ) {
    this.tree = new ResourceTree(api.methods);
    this.stages = new Map(api.stages.map((stage) => [stage.name, stage]));
    this.responses = new GatewayResponses(api.gatewayResponses);
    this.usagePlans = new UsagePlans(api.id, plan.apiKeys, plan.usagePlans);
    this.validation = new RequestValidation(api.models, api.validators);
    this.authorizers = new Map(api.authorizers.map((authorizer) => [authorizer.id, authorizer]));
    this.defaultAccessLog = new AccessLogFormat(accessLogOverride ?? DEFAULT_ACCESS_LOG_FORMAT);
    for (const stage of api.stages) {
      this.accessLogs.set(stage.name, accessLogOverride || !stage.accessLogFormat ? this.defaultAccessLog : new AccessLogFormat(stage.accessLogFormat));
    }
  }

  template(source: string): MappingTemplate {
    let template = this.templates.get(source);
    if (!template) {
      template = new MappingTemplate(source);
      this.templates.set(source, template);
    }
    return template;
  }

  accessLog(stage: string): AccessLogFormat {
    return this.accessLogs.get(stage) ?? this.defaultAccessLog;
  }

  /**
   * Stage throttling (MethodSettings): the method's own setting, else the stage-wide `/* *`, else the
   * account's 10,000 rps / 5,000 burst. One token bucket per stage and method.
   */
  allow(stage: RestStagePlan, method: RestMethodPlan): boolean {
    const key = `${stage.name} ${method.id}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const own: MethodThrottlePlan | undefined = stage.methodThrottles[`${method.resourcePath} ${method.httpMethod}`];
      const all: MethodThrottlePlan | undefined = stage.methodThrottles['/* *'];
      const rate = own?.rateLimit ?? all?.rateLimit ?? ACCOUNT_THROTTLE.rateLimit;
      const burst = own?.burstLimit ?? all?.burstLimit ?? ACCOUNT_THROTTLE.burstLimit;
      bucket = new TokenBucket(Math.min(rate, ACCOUNT_THROTTLE.rateLimit), Math.min(burst, ACCOUNT_THROTTLE.burstLimit));
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}
