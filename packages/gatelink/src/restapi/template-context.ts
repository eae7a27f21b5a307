/**
 * `$context` for REST API mapping templates, as a nested object built from the request's context:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
 */
import type { RequestContext } from '../gateway/context.js';
import type { RestMethodPlan } from '../plan/types.js';

export function templateContext(context: RequestContext, method: RestMethodPlan): Record<string, unknown> {
  const v = (name: string): string => context.variable(name) ?? '';
  return {
    requestId: context.requestId,
    extendedRequestId: v('extendedRequestId'),
    apiId: v('apiId'),
    accountId: v('accountId'),
    stage: context.stage,
    resourcePath: method.resourcePath,
    resourceId: method.id.split('/').pop() ?? method.id,
    httpMethod: v('httpMethod'),
    path: v('path'),
    protocol: v('protocol'),
    domainName: v('domainName'),
    domainPrefix: v('domainPrefix'),
    requestTime: v('requestTime'),
    requestTimeEpoch: Number(v('requestTimeEpoch')),
    identity: { sourceIp: v('identity.sourceIp'), userAgent: v('identity.userAgent'), apiKey: context.apiKey ?? '' },
    authorizer: { claims: { ...context.claims } },
  };
}
