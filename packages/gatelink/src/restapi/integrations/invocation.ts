/**
 * What every integration kind reads about the request being served, and the pieces they share:
 * request parameter mappings, the request template chosen by content type under the method's
 * passthrough behaviour, and the integration URI with stage variables and path parameters filled in.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 */
import type { RequestContext } from '../../gateway/context.js';
import type { Cancellation } from '../../proxy/cancellation.js';
import type { HeaderMap } from '../../proxy/types.js';
import type { RestIntegrationPlan, RestMethodPlan, RestStagePlan } from '../../plan/types.js';
import type { RestResponseName } from '../responses.js';
import { headerValue, readSource } from '../request.js';
import type { RestRequest } from '../request.js';
import type { MappingTemplate, TemplateInput, TemplateOverrides } from '../vtl.js';

export interface Invocation {
  readonly request: RestRequest;
  readonly method: RestMethodPlan;
  readonly stage: RestStagePlan;
  readonly context: RequestContext;
  readonly clientIp: string;
  readonly clientGone: Cancellation;
  /** The API's `binaryMediaTypes` (wildcards allowed). */
  readonly binaryMediaTypes: readonly string[];
  /** `$context` for templates, as a nested object. */
  templateContext(): Record<string, unknown>;
  /** A compiled template (cached per API). */
  template(source: string): MappingTemplate;
}

export interface IntegrationAnswer {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: Buffer;
}

export type IntegrationOutcome = IntegrationAnswer | { readonly error: RestResponseName; readonly detail: string };

/** `integration.request.{path|querystring|header}.NAME` targets with their values for this request. */
export interface MappedParameters {
  readonly path: Record<string, string>;
  readonly querystring: Record<string, string>;
  readonly header: Record<string, string>;
}

export function mapRequestParameters(invocation: Invocation): MappedParameters {
  const out: MappedParameters = { path: {}, querystring: {}, header: {} };
  for (const [target, source] of Object.entries(invocation.method.integration.requestParameters)) {
    const match = /^integration\.request\.(path|querystring|header)\.(.+)$/.exec(target);
    if (!match) continue;
    const value = readSource(source, invocation.request, invocation.context);
    if (value !== undefined) out[match[1] as keyof MappedParameters][match[2] as string] = value;
  }
  return out;
}

export type RequestBody = { readonly body: Buffer; readonly contentType: string | undefined; readonly overrides?: TemplateOverrides } | { readonly error: 'UNSUPPORTED_MEDIA_TYPE'; readonly detail: string };

/**
 * The integration request body: the template for the request's content type (no Content-Type counts
 * as application/json), or the body as sent when passthrough allows, else 415.
 */
export function requestBody(invocation: Invocation): RequestBody {
  const integration = invocation.method.integration;
  const contentType = (headerValue(invocation.request, 'content-type') ?? 'application/json').split(';', 1)[0]?.trim().toLowerCase() ?? 'application/json';
  const templates = integration.requestTemplates;
  const binary = isBinary(contentType, invocation.binaryMediaTypes);
  const payload = convert(invocation.request.body, binary, integration.contentHandling);
  const source = binary && integration.contentHandling === undefined ? undefined : templates[contentType];
  if (source !== undefined) {
    const result = invocation.template(source).render(templateInput(invocation, payload.toString('utf8')));
    return { body: Buffer.from(result.output), contentType, overrides: result.overrides };
  }
  const passes = integration.passthroughBehavior === 'WHEN_NO_MATCH' || (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && Object.keys(templates).length === 0);
  if (!passes) return { error: 'UNSUPPORTED_MEDIA_TYPE', detail: `no request template for ${contentType} and passthroughBehavior is ${integration.passthroughBehavior}` };
  return { body: payload, contentType: headerValue(invocation.request, 'content-type') };
}

/** A media type matches `binaryMediaTypes` exactly or through a wildcard (`image/*`, `*\/*`). */
export function isBinary(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType) return false;
  const [type, subtype] = contentType.split('/');
  return binaryMediaTypes.some((pattern) => {
    const [ptype, psubtype] = pattern.toLowerCase().split('/');
    return (ptype === '*' || ptype === type) && (psubtype === '*' || psubtype === subtype);
  });
}

/**
 * `contentHandling`: CONVERT_TO_TEXT base64-encodes a binary payload, CONVERT_TO_BINARY decodes a
 * text (base64) one; unset passes the payload as it is.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html
 */
export function convert(payload: Buffer, binary: boolean, handling: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT' | undefined): Buffer {
  if (handling === 'CONVERT_TO_TEXT' && binary) return Buffer.from(payload.toString('base64'));
  if (handling === 'CONVERT_TO_BINARY' && !binary) return Buffer.from(payload.toString('utf8'), 'base64');
  return payload;
}

export function templateInput(invocation: Invocation, body: string): TemplateInput {
  const { request } = invocation;
  const header: Record<string, string> = { ...request.headers };
  return { body, params: { path: request.pathParameters, querystring: request.query, header }, context: invocation.templateContext(), stageVariables: invocation.stage.stageVariables };
}

/** Replaces `${stageVariables.x}` in any integration field (URI, connection id). */
export function withStageVariables(text: string, stageVariables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_all, name: string) => stageVariables[name] ?? '');
}

/**
 * The integration URL: stage variables, then `{name}` placeholders from path mappings. Undocumented:
 * a placeholder without a mapping takes the method's path parameter of the same name.
 */
export function integrationUrl(integration: RestIntegrationPlan, invocation: Invocation, path: Record<string, string>): URL | undefined {
  const withVariables = withStageVariables(integration.uri ?? '', invocation.stage.stageVariables);
  const filled = withVariables.replace(/\{([A-Za-z0-9._-]+)\+?\}/g, (all, name: string) => {
    const value = path[name] ?? invocation.request.pathParameters[name];
    return value === undefined ? all : value.split('/').map(encodeURIComponent).join('/');
  });
  try {
    return new URL(filled);
  } catch {
    return undefined;
  }
}
