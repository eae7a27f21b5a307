/**
 * Everything the gateway needs per HTTP API, compiled once at start: stage and route selection,
 * throttling buckets, the CORS policy, authorizers, parameter mappings per integration, and the
 * access-log format per stage. The request path only looks things up.
 */
import type { AuthorizerPlan, HttpApiPlan } from '../plan/types.js';
import { AccessLogFormat, DEFAULT_ACCESS_LOG_FORMAT } from './access-log.js';
import { CorsPolicy } from './cors.js';
import { RequestMapping } from './mapping/request.js';
import { ResponseMapping } from './mapping/response.js';
import { ApiSelector } from './select.js';
import { Throttles } from './throttle.js';

export class CompiledApi {
  readonly selector: ApiSelector;
  readonly throttles: Throttles;
  readonly cors?: CorsPolicy;
  readonly authorizers: ReadonlyMap<string, AuthorizerPlan>;
  private readonly requestMappings = new Map<string, RequestMapping>();
  private readonly responseMappings = new Map<string, ResponseMapping>();
  private readonly accessLogs = new Map<string, AccessLogFormat>();
  private readonly defaultAccessLog: AccessLogFormat;

  constructor(
    readonly api: HttpApiPlan,
    accessLogOverride?: string,
  ) {
    this.selector = new ApiSelector(api);
    this.throttles = new Throttles(api);
    if (api.cors) this.cors = new CorsPolicy(api.cors);
    this.authorizers = new Map(api.authorizers.map((authorizer) => [authorizer.id, authorizer]));
    for (const integration of api.integrations) {
      this.requestMappings.set(integration.id, new RequestMapping(integration.requestParameters));
      this.responseMappings.set(integration.id, new ResponseMapping(integration.responseParameters));
    }
    this.defaultAccessLog = new AccessLogFormat(accessLogOverride ?? DEFAULT_ACCESS_LOG_FORMAT);
    for (const stage of api.stages) {
      this.accessLogs.set(stage.name, accessLogOverride || !stage.accessLogFormat ? this.defaultAccessLog : new AccessLogFormat(stage.accessLogFormat));
    }
  }

  requestMapping(integrationId: string): RequestMapping | undefined {
    return this.requestMappings.get(integrationId);
  }

  responseMapping(integrationId: string): ResponseMapping | undefined {
    return this.responseMappings.get(integrationId);
  }

  accessLog(stage: string): AccessLogFormat {
    return this.accessLogs.get(stage) ?? this.defaultAccessLog;
  }
}
