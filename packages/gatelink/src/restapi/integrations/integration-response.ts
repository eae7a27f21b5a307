/**
 * Non-proxy integration responses: the backend's status picks an integration response by
 * `selectionPattern` (a Java regex over the status, the whole of it must match), else the default
 * one (no pattern); none → 500 API_CONFIGURATION_ERROR. That response's status, header mappings
 * (`method.response.header.X` ← `integration.response.header.Y`, `integration.response.body[.path]`,
 * `'static'`…) and template (picked by the client's first `Accept` type, else application/json)
 * make what the client gets; a template may override status and headers through
 * `$context.responseOverride`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-method-integration-integrationresponse.html
 */
import type { HeaderMap } from '../../proxy/types.js';
import type { RestIntegrationResponsePlan } from '../../plan/types.js';
import { jsonPathText, readSource } from '../request.js';
import { templateInput } from './invocation.js';
import type { IntegrationOutcome, Invocation } from './invocation.js';

export interface BackendAnswer {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: Buffer;
}

export function selectIntegrationResponse(responses: readonly RestIntegrationResponsePlan[], status: string): RestIntegrationResponsePlan | undefined {
  for (const response of responses) {
    if (response.selectionPattern === undefined) continue;
    if (fullMatch(response.selectionPattern, status)) return response;
  }
  return responses.find((response) => response.selectionPattern === undefined);
}

const patterns = new Map<string, RegExp | null>();

/** Java's `String.matches`: the whole input. An invalid pattern matches nothing. */
function fullMatch(pattern: string, value: string): boolean {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`, 's');
    } catch {
      regex = null;
    }
    patterns.set(pattern, regex);
  }
  return regex?.test(value) ?? false;
}

export function mapIntegrationResponse(invocation: Invocation, answer: BackendAnswer): IntegrationOutcome {
  const response = selectIntegrationResponse(invocation.method.integration.integrationResponses, String(answer.status));
  if (!response) return { error: 'API_CONFIGURATION_ERROR', detail: `no integration response matches status ${answer.status} and there is no default one` };
  const headers: HeaderMap = {};
  for (const [target, source] of Object.entries(response.responseParameters)) {
    if (!target.startsWith('method.response.header.')) continue;
    const value = responseSource(source, answer, invocation);
    if (value !== undefined) headers[target.slice('method.response.header.'.length).toLowerCase()] = value;
  }
  const accept = firstAccept(invocation);
  const templateType = response.responseTemplates[accept] !== undefined ? accept : response.responseTemplates['application/json'] !== undefined ? 'application/json' : Object.keys(response.responseTemplates)[0];
  const source = templateType === undefined ? undefined : response.responseTemplates[templateType];
  let status = Number(response.statusCode) || 200;
  let body = response.contentHandling === 'CONVERT_TO_TEXT' ? Buffer.from(answer.body.toString('base64')) : response.contentHandling === 'CONVERT_TO_BINARY' ? Buffer.from(answer.body.toString('utf8'), 'base64') : answer.body;
  if (source !== undefined && source !== '') {
    const result = invocation.template(source).render(templateInput(invocation, body.toString('utf8')));
    body = Buffer.from(result.output);
    status = result.overrides.responseStatus ?? status;
    for (const [name, value] of Object.entries(result.overrides.responseHeaders)) headers[name.toLowerCase()] = value;
  }
  // Integration responses always carry a Content-Type, application/json by default (known issues).
  headers['content-type'] ??= templateType ?? headerText(answer.headers['content-type']) ?? 'application/json';
  return { status, headers, body };
}

function responseSource(source: string, answer: BackendAnswer, invocation: Invocation): string | undefined {
  if (source.startsWith('integration.response.header.')) return headerText(answer.headers[source.slice('integration.response.header.'.length).toLowerCase()]);
  if (source.startsWith('integration.response.multivalueheader.')) return headerText(answer.headers[source.slice('integration.response.multivalueheader.'.length).toLowerCase()]);
  if (source === 'integration.response.body') return answer.body.toString('utf8');
  if (source.startsWith('integration.response.body.')) return jsonPathText(answer.body.toString('utf8'), `$.${source.slice('integration.response.body.'.length)}`);
  return readSource(source, invocation.request, invocation.context);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** Only the first media type of `Accept` counts (known issues); `*\/*` or none means application/json. */
function firstAccept(invocation: Invocation): string {
  const accept = Object.entries(invocation.request.headers).find(([name]) => name.toLowerCase() === 'accept')?.[1];
  const first = accept?.split(',', 1)[0]?.split(';', 1)[0]?.trim().toLowerCase();
  return !first || first === '*/*' ? 'application/json' : first;
}
