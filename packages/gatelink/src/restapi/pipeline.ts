/**
 * One request through a REST API, in API Gateway's order: payload quota → stage (`/{stage}/…`; an
 * unknown one is 403 Forbidden) → resource and method (none: 403 Missing Authentication Token) →
 * stage throttling → authorization (Cognito) → API key and usage plan → request validation → the
 * integration (HTTP_PROXY, HTTP, MOCK, AWS) → integration and method response → the client. Every
 * answer carries `x-amzn-RequestId`, `x-amz-apigw-id` and `X-Amzn-Trace-Id`, and ends in one
 * access-log line in the stage's format.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { IssuerKeys } from '../gateway/auth/keys.js';
import { RequestContext } from '../gateway/context.js';
import type { AccessLogSink } from '../gateway/pipeline.js';
import { newRequestId } from '../gateway/request-id.js';
import { Cancellation } from '../proxy/cancellation.js';
import { newTraceId } from '../proxy/headers/trace-id.js';
import type { HeaderMap } from '../proxy/types.js';
import { readBody } from './body.js';
import type { CompiledRestApi } from './compiled-rest-api.js';
import { authorizeCognito } from './cognito.js';
import type { AwsServices } from './integrations/aws.js';
import { runAwsIntegration } from './integrations/aws.js';
import type { Backends } from './integrations/backends.js';
import { runHttpIntegration } from './integrations/http.js';
import type { IntegrationAnswer, IntegrationOutcome, Invocation } from './integrations/invocation.js';
import { runMockIntegration } from './integrations/mock.js';
import { templateContext } from './template-context.js';
import { headerValue, readSource, restRequest } from './request.js';
import type { RestRequest } from './request.js';
import { REST_RESPONSES } from './responses.js';
import type { RestResponseName } from './responses.js';
import type { MethodMatch } from './match.js';
import type { RestStagePlan } from '../plan/types.js';

export interface RestPipelineOptions {
  readonly backends: Backends;
  readonly aws: AwsServices;
  readonly keys: IssuerKeys;
  readonly accountId: string;
  readonly logger: Logger;
  readonly onAccessLog?: AccessLogSink;
}

/** A gateway answer that stops the pipeline. */
interface Stop {
  readonly stop: RestResponseName;
  readonly message?: string;
  readonly detail?: string;
}

interface Served {
  readonly request: RestRequest;
  readonly stage: RestStagePlan;
  readonly match: MethodMatch;
}

export class RestPipeline {
  constructor(private readonly options: RestPipelineOptions) {}

  /** `path` is the full request path (`/{stage}/…`), `rawQuery` the query string without `?`. */
  async handle(req: IncomingMessage, res: ServerResponse, api: CompiledRestApi, path: string, rawQuery: string): Promise<void> {
    const context = new RequestContext({ requestId: randomUUID(), apiId: api.api.apiId, accountId: this.options.accountId, req, path });
    context.extendedRequestId = newRequestId();
    const clientGone = new Cancellation();
    res.once('close', () => clientGone.abort(new Error('client closed the connection')));
    let served: Served | undefined;
    try {
      const outcome = await this.run(req, api, context, path, rawQuery, clientGone, (s) => (served = s));
      if ('stop' in outcome) this.sendStop(res, api, context, outcome, served);
      else send(res, context, outcome, outcome.headers);
    } finally {
      this.options.onAccessLog?.(api.accessLog(context.stage).render(context), context);
    }
  }

  private async run(req: IncomingMessage, api: CompiledRestApi, context: RequestContext, path: string, rawQuery: string, clientGone: Cancellation, enter: (served: Served) => void): Promise<IntegrationAnswer | Stop> {
    if (Number(req.headers['content-length'] ?? 0) > MAX_PAYLOAD_BYTES) return { stop: 'REQUEST_TOO_LARGE' };
    const slash = path.indexOf('/', 1);
    const stageName = slash === -1 ? path.slice(1) : path.slice(1, slash);
    const stage = api.stages.get(stageName);
    if (!stage) return { stop: 'UNKNOWN_STAGE', detail: `stage ${stageName || '(none)'} is not a stage of ${api.api.name}` };
    context.stage = stage.name;
    context.stageVariables = stage.stageVariables;
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === 'too-large') return { stop: 'REQUEST_TOO_LARGE' };
    if (body === 'incomplete') return { stop: 'BAD_REQUEST_BODY', detail: 'the client went away before its body was complete; nothing was sent on' };
    const request = restRequest(req, slash === -1 ? '/' : path.slice(slash), rawQuery, body);
    const match = api.tree.match(request.method, request.path);
    if (!match) return { stop: 'MISSING_AUTHENTICATION_TOKEN', detail: `no ${request.method} method on a resource matching ${request.path}` };
    request.pathParameters = match.pathParameters;
    context.resourcePath = match.method.resourcePath;
    context.routeKey = `${match.method.httpMethod} ${match.method.resourcePath}`;
    context.pathParameters = match.pathParameters;
    enter({ request, stage, match });
    const denied = await this.admit(api, stage, match, request, context);
    if (denied) return denied;
    return this.integrate(api, { request, stage, match }, context, clientGone);
  }

  /** Throttling, authorization, API key and usage plan, validation: the first that says no. */
  private async admit(api: CompiledRestApi, stage: RestStagePlan, match: MethodMatch, request: RestRequest, context: RequestContext): Promise<Stop | undefined> {
    const method = match.method;
    if (!api.allow(stage, method)) return { stop: 'THROTTLED' };
    if (method.authorizationType !== 'NONE') {
      const denied = await this.authorize(api, match, request, context);
      if (denied) return denied;
    }
    if (method.apiKeyRequired) {
      const key = api.api.apiKeySource === 'HEADER' ? headerValue(request, 'x-api-key') : undefined;
      if (key !== undefined) context.apiKey = key;
      const verdict = api.usagePlans.admit(key, stage.name, method);
      if (!verdict.allowed) return { stop: verdict.response, detail: verdict.response === 'INVALID_API_KEY' ? 'the x-api-key is missing, unknown, disabled or in no usage plan of this stage' : undefined };
    }
    const invalid = api.validation.check(method, request);
    if (invalid) {
      if (invalid.kind === 'BAD_REQUEST_BODY') context.validationError = invalid.detail;
      return { stop: invalid.kind, message: invalid.message, detail: invalid.kind === 'BAD_REQUEST_BODY' ? invalid.detail : undefined };
    }
    return undefined;
  }

  private async authorize(api: CompiledRestApi, match: MethodMatch, request: RestRequest, context: RequestContext): Promise<Stop | undefined> {
    const method = match.method;
    if (method.authorizationType === 'AWS_IAM') {
      // SigV4 is not verified locally: unsigned calls get AWS's answer, signed ones are denied, never let through.
      const signed = headerValue(request, 'authorization')?.startsWith('AWS4-HMAC-SHA256') ?? false;
      return signed ? { stop: 'ACCESS_DENIED', detail: 'AWS_IAM (SigV4) signatures are not verified locally' } : { stop: 'MISSING_AUTHENTICATION_TOKEN', detail: 'unsigned call to an AWS_IAM method' };
    }
    const authorizer = method.authorizerId ? api.authorizers.get(method.authorizerId) : undefined;
    if (method.authorizationType !== 'COGNITO_USER_POOLS' || !authorizer) return { stop: 'AUTHORIZER_CONFIGURATION_ERROR', detail: `${method.authorizationType} authorization is not run locally` };
    const source = authorizer.identitySource.replace(/^method\.request\.header\./, '');
    const outcome = await authorizeCognito(authorizer, method, headerValue(request, source), this.options.keys);
    if (outcome.allowed) {
      context.claims = outcome.claims;
      return undefined;
    }
    context.authorizerError = outcome.reason;
    return { stop: 'UNAUTHORIZED', detail: outcome.reason };
  }

  private async integrate(api: CompiledRestApi, served: Served, context: RequestContext, clientGone: Cancellation): Promise<IntegrationAnswer | Stop> {
    const invocation: Invocation = {
      request: served.request,
      method: served.match.method,
      stage: served.stage,
      context,
      clientIp: context.variable('identity.sourceIp') ?? '127.0.0.1',
      clientGone,
      binaryMediaTypes: api.api.binaryMediaTypes,
      templateContext: () => templateContext(context, served.match.method),
      template: (source) => api.template(source),
    };
    const started = performance.now();
    const outcome = await this.runIntegration(invocation);
    context.integrationLatencyMs = performance.now() - started;
    if ('error' in outcome) {
      context.integrationError = outcome.detail;
      return { stop: outcome.error, detail: outcome.detail };
    }
    return outcome;
  }

  private runIntegration(invocation: Invocation): Promise<IntegrationOutcome> | IntegrationOutcome {
    switch (invocation.method.integration.type) {
      case 'HTTP':
      case 'HTTP_PROXY':
        return runHttpIntegration(invocation, this.options.backends);
      case 'MOCK':
        return runMockIntegration(invocation);
      case 'AWS':
        return runAwsIntegration(invocation, this.options.aws);
      default:
        return { error: 'API_CONFIGURATION_ERROR', detail: `${invocation.method.integration.type} integrations are not run locally` };
    }
  }

  private sendStop(res: ServerResponse, api: CompiledRestApi, context: RequestContext, stop: Stop, served: Served | undefined): void {
    const message = stop.message ?? messageOf(stop.stop);
    context.errorMessage = message;
    context.errorResponseType = stop.stop;
    if (stop.detail) this.options.logger.info({ requestId: context.requestId, api: api.api.name }, `REST API answers ${stop.stop}: ${stop.detail}`);
    const values = (expression: string): string | undefined => {
      if (expression.startsWith('stageVariables.')) return context.stageVariables[expression.slice('stageVariables.'.length)];
      if (expression.startsWith('context.')) return context.variable(expression.slice('context.'.length));
      return served ? readSource(expression, served.request, context) : undefined;
    };
    const rendered = api.responses.render(stop.stop, message, values);
    const headers: HeaderMap = rendered.headers;
    if (stop.stop === 'REQUEST_TOO_LARGE') headers.connection = 'close';
    send(res, context, { status: rendered.status, headers, body: Buffer.from(rendered.body) }, headers);
  }
}

/** AWS's payload quota for REST APIs: 10 MB. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;


function messageOf(name: RestResponseName): string {
  return REST_RESPONSES[name].message;
}

function send(res: ServerResponse, context: RequestContext, answer: { status: number; body: Buffer; headers: HeaderMap }, headers: HeaderMap): void {
  context.status = answer.status;
  context.responseLength = answer.body.length;
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const empty = answer.status === 204 || answer.status === 304;
  res.writeHead(answer.status, {
    ...headers,
    ...(empty ? {} : { 'content-length': answer.body.length }),
    'x-amzn-requestid': context.requestId,
    'x-amz-apigw-id': context.extendedRequestId ?? context.requestId,
    // Undocumented: the trace header on responses when tracing is off; real REST APIs send it (observed).
    'x-amzn-trace-id': `Root=${newTraceId(context.startedAtMs)}`,
  });
  res.end(empty || context.seed.req.method === 'HEAD' ? undefined : answer.body);
}
