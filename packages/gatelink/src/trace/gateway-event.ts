/** The gateway's event for one request (./channels.ts), built from its `$context` only while something listens. */
import type { RequestContext } from '../gateway/context.js';
import type { GatewayRequestEvent } from './channels.js';

export function gatewayEvent(context: RequestContext, accessLogLine: string | undefined): GatewayRequestEvent {
  const { req } = context.seed;
  return {
    requestId: context.requestId,
    api: context.seed.apiId,
    method: req.method ?? 'GET',
    path: context.seed.path,
    headers: req.headers,
    sourceIp: req.socket.remoteAddress,
    startedAtMs: context.startedAtMs,
    durationMs: performance.now() - context.started,
    stage: context.stage,
    routeKey: context.routeKey,
    status: context.status,
    responseLength: context.responseLength,
    integrationLatencyMs: context.integrationLatencyMs,
    integrationStatus: context.integrationStatus,
    integrationError: context.integrationError,
    errorType: context.errorResponseType,
    authorizerError: context.authorizerError,
    authorized: context.claims !== undefined ? true : context.authorizerError !== undefined ? false : undefined,
    accessLogLine,
  };
}
