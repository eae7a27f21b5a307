/**
 * HTTP_PROXY and HTTP integrations. HTTP_PROXY passes the client's method (for `ANY`), headers, query
 * string and body through and relays the backend's answer; HTTP (non-proxy) sends only what the
 * request mappings and template build, and maps the answer through an integration response.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import type { HeaderMap } from '../../proxy/types.js';
import { headersTowardsBackend, headersTowardsClient } from '../headers.js';
import type { Backends } from './backends.js';
import { mapIntegrationResponse } from './integration-response.js';
import { integrationUrl, mapRequestParameters, requestBody, withStageVariables } from './invocation.js';
import type { IntegrationOutcome, Invocation } from './invocation.js';
import type { BackendOutcome } from './send.js';

export async function runHttpIntegration(invocation: Invocation, backends: Backends): Promise<IntegrationOutcome> {
  const integration = invocation.method.integration;
  const proxy = integration.type === 'HTTP_PROXY';
  const mapped = mapRequestParameters(invocation);
  let body = invocation.request.body;
  let contentType: string | undefined;
  let overrides;
  if (!proxy) {
    const built = requestBody(invocation);
    if ('error' in built) return built;
    ({ body, contentType, overrides } = built);
  }
  const url = integrationUrl(integration, invocation, { ...mapped.path, ...overrides?.requestPath });
  if (!url) return { error: 'API_CONFIGURATION_ERROR', detail: `integration URI ${integration.uri ?? '(none)'} is not a valid URL` };
  const query = new URLSearchParams(url.search);
  if (proxy) for (const [name, values] of Object.entries(invocation.request.multiQuery)) for (const value of values) query.append(name, value);
  for (const [name, value] of Object.entries({ ...mapped.querystring, ...overrides?.requestQuery })) query.set(name, value);
  url.search = query.toString();
  const headers: HeaderMap = proxy ? headersTowardsBackend(invocation.request.headers, invocation.clientIp) : {};
  if (contentType) headers['content-type'] = contentType;
  for (const [name, value] of Object.entries({ ...mapped.header, ...overrides?.requestHeaders })) headers[name.toLowerCase()] = value;
  const choice = backends.choose(integration.connectionType, integration.connectionId === undefined ? undefined : withStageVariables(integration.connectionId, invocation.stage.stageVariables), url);
  if ('error' in choice) return { error: 'API_CONFIGURATION_ERROR', detail: choice.error };
  const method = !integration.httpMethod || integration.httpMethod === 'ANY' ? invocation.request.method : integration.httpMethod;
  const outcome: BackendOutcome = await choice.backend.send({ method, url, headers, body }, { timeoutMs: integration.timeoutMs, requestId: invocation.context.requestId, clientGone: invocation.clientGone });
  if ('error' in outcome) return outcome;
  invocation.context.integrationStatus = outcome.reply.status;
  if (proxy) return { status: outcome.reply.status, headers: headersTowardsClient(outcome.reply.headers), body: outcome.reply.body };
  return mapIntegrationResponse(invocation, outcome.reply);
}
