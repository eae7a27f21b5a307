/**
 * The REST API data plane, sharing the gateway's port with HTTP APIs. Which API a request is for:
 * 1. `Host: {apiId}.execute-api.…` (any host whose first label is a REST API's id), as on AWS;
 * 2. a path prefix `/restapis/{apiId}/{stage}/…` (for clients that cannot set Host);
 * 3. otherwise, when the app has no HTTP API, its first REST API.
 * Anything else is left to the HTTP API pipeline, whose behaviour is unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { IssuerKeys } from '../gateway/auth/keys.js';
import type { IntegrationHandlers } from '../gateway/integration.js';
import type { AccessLogSink } from '../gateway/pipeline.js';
import type { NetworkModel } from '../network/index.js';
import type { Plan } from '../plan/types.js';
import { CompiledRestApi } from './compiled-rest-api.js';
import type { AwsEndpoints } from './integrations/aws.js';
import { Backends } from './integrations/backends.js';
import { RestPipeline } from './pipeline.js';

export interface RestApisOptions {
  readonly plan: Plan;
  readonly network?: NetworkModel;
  readonly handlers: IntegrationHandlers;
  readonly keys: IssuerKeys;
  readonly logger: Logger;
  readonly awsEndpoints?: AwsEndpoints;
  readonly accessLogFormat?: string;
  readonly onAccessLog?: AccessLogSink;
}

export interface RestTarget {
  readonly api: CompiledRestApi;
  /** `/{stage}/…` */
  readonly path: string;
  readonly rawQuery: string;
}

export class RestApis {
  private readonly byApiId: ReadonlyMap<string, CompiledRestApi>;
  private readonly fallback: CompiledRestApi | undefined;
  private readonly pipeline: RestPipeline;

  constructor(options: RestApisOptions) {
    const apis = options.plan.restApis.map((api) => new CompiledRestApi(api, options.plan, options.accessLogFormat));
    this.byApiId = new Map(apis.map((api) => [api.api.apiId, api]));
    this.fallback = options.plan.httpApis.length === 0 ? apis[0] : undefined;
    for (const key of options.plan.apiKeys.filter((k) => k.generated)) options.logger.info({ apiKey: key.name }, `API key ${key.name} has no Value in the template; locally it is ${key.value}`);
    this.pipeline = new RestPipeline({
      backends: new Backends(options.plan, options.handlers, options.network),
      aws: { endpoints: options.awsEndpoints ?? {}, region: options.plan.region },
      keys: options.keys,
      accountId: options.plan.accountId,
      logger: options.logger,
      ...(options.onAccessLog ? { onAccessLog: options.onAccessLog } : {}),
    });
  }

  /** The REST API a request is for, or undefined when it belongs to an HTTP API. */
  claim(url: string, host: string | undefined): RestTarget | undefined {
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
    const byHost = host ? this.byApiId.get(host.split('.', 1)[0] as string) : undefined;
    if (byHost) return { api: byHost, path, rawQuery };
    if (path.startsWith('/restapis/')) {
      const end = path.indexOf('/', '/restapis/'.length);
      const api = this.byApiId.get(path.slice('/restapis/'.length, end === -1 ? undefined : end));
      if (api) return { api, path: end === -1 ? '/' : path.slice(end), rawQuery };
    }
    return this.fallback ? { api: this.fallback, path, rawQuery } : undefined;
  }

  handle(req: IncomingMessage, res: ServerResponse, target: RestTarget): Promise<void> {
    return this.pipeline.handle(req, res, target.api, target.path, target.rawQuery);
  }

  /** Every stage × method, for `gatelink status` and `GET /v1/status`. */
  routes(): { api: string; stage: string; routeKey: string; integration: string }[] {
    return [...this.byApiId.values()].flatMap(({ api }) =>
      api.stages.flatMap((stage) => api.methods.map((method) => ({ api: `${api.name} (REST ${api.apiId})`, stage: stage.name, routeKey: `${method.httpMethod} ${method.resourcePath}`, integration: integrationLabel(method.integration) }))),
    );
  }
}

function integrationLabel(integration: Plan['restApis'][number]['methods'][number]['integration']): string {
  const via = integration.connectionType === 'VPC_LINK' ? ` via VPC link ${integration.connectionId ?? ''}` : '';
  return `${integration.type}${integration.uri ? ` ${integration.uri}` : ''}${via}`;
}
