/**
 * AWS service integrations (`Type: AWS`) against the embedded engines' local endpoints. The URI
 * `arn:aws:apigateway:{region}:{service}:{path|action}/{rest}` names the service and either a path
 * (SQS `path/{account}/{queue}`) or an action (`action/SendMessage`, DynamoDB `action/PutItem`…).
 * The request body is the mapping template's output; the answer goes through integration responses.
 * Which engine serves a service is a per-service endpoint map (`dynamodb`, `sqs`, …), so an engine
 * added later plugs in by name. IAM (the integration's `Credentials` role) is not checked locally.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html
 */
import type { HeaderMap } from '../../proxy/types.js';
import { mapIntegrationResponse } from './integration-response.js';
import { mapRequestParameters, requestBody } from './invocation.js';
import type { IntegrationOutcome, Invocation } from './invocation.js';
import { UrlBackend } from './send.js';

/** Local endpoint URL per AWS service id (`dynamodb`, `sqs`); undefined when the engine is not running. */
export type AwsEndpoints = Readonly<Record<string, string | undefined>>;

export interface AwsServices {
  readonly endpoints: AwsEndpoints;
  readonly region: string;
}

const backend = new UrlBackend();

export interface AwsTarget {
  readonly service: string;
  readonly kind: 'path' | 'action';
  readonly rest: string;
}

export function parseAwsUri(uri: string): AwsTarget | undefined {
  const match = /^arn:[^:]+:apigateway:[^:]*:([^:]+):(path|action)\/(.+)$/.exec(uri);
  return match ? { service: (match[1] as string).split('.')[0] as string, kind: match[2] as 'path' | 'action', rest: match[3] as string } : undefined;
}

export async function runAwsIntegration(invocation: Invocation, services: AwsServices): Promise<IntegrationOutcome> {
  const integration = invocation.method.integration;
  const target = parseAwsUri(integration.uri ?? '');
  if (!target) return { error: 'API_CONFIGURATION_ERROR', detail: `AWS integration URI ${integration.uri ?? '(none)'} is not arn:aws:apigateway:{region}:{service}:{path|action}/…` };
  const endpoint = services.endpoints[target.service];
  if (!endpoint) return { error: 'API_CONFIGURATION_ERROR', detail: `AWS integrations with ${target.service} are not emulated (no local ${target.service} engine is running)` };
  const built = requestBody(invocation);
  if ('error' in built) return built;
  const mapped = mapRequestParameters(invocation);
  const request = target.service === 'dynamodb' ? dynamoDbRequest(endpoint, target, built.body) : queryProtocolRequest(endpoint, target, mapped.querystring, built.contentType);
  if ('error' in request) return request;
  for (const [name, value] of Object.entries(mapped.header)) request.headers[name.toLowerCase()] = value;
  request.headers.authorization = localSignature(target.service, services.region);
  request.headers['x-amz-date'] = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const method = integration.httpMethod && integration.httpMethod !== 'ANY' ? integration.httpMethod : 'POST';
  const outcome = await backend.send({ method, url: request.url, headers: request.headers, body: built.body }, { timeoutMs: integration.timeoutMs, requestId: invocation.context.requestId, clientGone: invocation.clientGone });
  if ('error' in outcome) return outcome;
  invocation.context.integrationStatus = outcome.reply.status;
  return mapIntegrationResponse(invocation, outcome.reply);
}

interface ServiceRequest {
  readonly url: URL;
  readonly headers: HeaderMap;
}

/** DynamoDB's JSON protocol: `POST /`, `X-Amz-Target: DynamoDB_20120810.{Action}`. */
function dynamoDbRequest(endpoint: string, target: AwsTarget, body: Buffer): ServiceRequest | { error: 'API_CONFIGURATION_ERROR'; detail: string } {
  if (target.kind !== 'action') return { error: 'API_CONFIGURATION_ERROR', detail: 'DynamoDB integrations use the action/{Action} URI form' };
  void body;
  return { url: new URL('/', endpoint), headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${target.rest}` } };
}

/**
 * Query-protocol services (SQS): `path/{account}/{queue}` posts to the queue's URL; `action/{Action}`
 * posts to the endpoint with `Action` and the mapped query parameters in the query string.
 */
function queryProtocolRequest(endpoint: string, target: AwsTarget, query: Readonly<Record<string, string>>, contentType: string | undefined): ServiceRequest {
  const url = new URL(target.kind === 'path' ? `/${target.rest}` : '/', endpoint);
  if (target.kind === 'action') url.searchParams.set('Action', target.rest);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return { url, headers: contentType ? { 'content-type': contentType } : {} };
}

/** The engines do not check signatures, but their wire protocol wants a SigV4-shaped Authorization header. */
function localSignature(service: string, region: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIAGATELINKLOCAL/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}
