/**
 * The `forward` action's hot path: pick a target group by weight, a target by the group's
 * algorithm, check the security-group verdict computed at registration, set the forwarding headers
 * on the one header copy, stream the request to the target, and turn what can go wrong into the
 * ALB's own answers (503 no targets, 502 refused/reset/malformed, 504 timeout, 460 client gone).
 */
import type { ProxyRequest, ProxyResponse } from '../../proxy/types.js';
import { forwardRequest } from '../../proxy/forward.js';
import { applyForwardedFor, applyForwardedProtoPort, applyHostRule } from '../../proxy/headers/forwarded.js';
import { copyEndToEndHeaders } from '../../proxy/headers/hop-by-hop.js';
import { stampTraceId } from '../../proxy/headers/trace-id.js';
import type { UpstreamFailure, UpstreamFailureKind } from '../../proxy/upstream-errors.js';
import type { LoadBalancerSettings } from '../attributes.js';
import { elbErrorResponse } from '../responses.js';
import type { ElbErrorStatus } from '../responses.js';
import type { TargetEntry } from '../target.js';
import type { TargetGroupRuntime } from '../target-group.js';
import { isCaptured } from '../../trace/channels.js';
import { publishTargetHop } from '../../trace/hop-events.js';

/** What a forward needs to know about the listener it runs on. */
export interface ForwardContext {
  readonly settings: LoadBalancerSettings;
  readonly listenerPort: number;
  /** `http` or `https`, lower case, as X-Forwarded-Proto wants it. */
  readonly protocol: string;
  /** Names the listener and rule in explanations. */
  readonly where: string;
}

/** Forwards `request` to one target of `group`; the answer is the target's or the ALB's. */
export async function forwardToGroup(group: TargetGroupRuntime, request: ProxyRequest, context: ForwardContext): Promise<ProxyResponse> {
  const target = group.acquire();
  if (target === undefined) {
    request.body?.resume();
    return elbErrorResponse(503, `${context.where}: target group ${group.name} has no registered targets`);
  }
  if (!target.traffic.allowed) {
    group.release(target);
    request.body?.resume();
    const { explanation, fix } = target.traffic;
    if (isCaptured(request.requestId)) publishTargetHop(request, { via: 'elb', group: group.name, targetId: target.id, address: `${target.registration.host}:${target.registration.port}`, headers: request.headers, startedAt: performance.now(), status: 504, error: `blocked by a security group: ${explanation}` });
    // The ALB's SYN would be dropped and it would answer 504 after its 10 s connect timeout.
    return elbErrorResponse(504, `${context.where}: security groups block the load balancer from ${describeTarget(group, target)}: ${explanation}`, {
      kind: 'blocked-by-security-group',
      explanation,
      fix,
    });
  }
  const traced = isCaptured(request.requestId) ? performance.now() : undefined;
  const headers = forwardedHeaders(request, context);
  const outcome = await forwardRequest(target.dispatcher, {
    method: request.method,
    path: request.url,
    headers,
    body: request.body,
    signal: request.signal,
    headersTimeoutMs: context.settings.idleTimeoutMs,
    bodyTimeoutMs: context.settings.idleTimeoutMs,
  });
  if (traced !== undefined) {
    const address = `${target.registration.host}:${target.registration.port}`;
    publishTargetHop(request, { via: 'elb', group: group.name, targetId: target.id, address, headers, startedAt: traced, status: outcome.ok ? outcome.response.statusCode : 0, error: outcome.ok ? undefined : outcome.failure.kind });
  }
  if (!outcome.ok) {
    group.release(target);
    return failureResponse(outcome.failure, group, target, context);
  }
  releaseWhenDone(outcome.response, () => group.release(target));
  return outcome.response;
}

/** The request headers the target receives: end-to-end headers plus what the ALB adds. */
export function forwardedHeaders(request: ProxyRequest, context: ForwardContext): ProxyRequest['headers'] {
  const headers = copyEndToEndHeaders(request.headers);
  const { settings } = context;
  applyForwardedFor(headers, settings.xffMode, request.sourceIp, settings.xffClientPort ? request.sourcePort : undefined);
  applyForwardedProtoPort(headers, context.protocol, String(context.listenerPort));
  applyHostRule(headers, context.listenerPort, settings.preserveHostHeader);
  stampTraceId(headers);
  return headers;
}

/**
 * The target stays "in flight" until its response body is fully read or torn down; a body that came
 * whole with its head means it has answered in full already (and `body` is not built for it).
 */
function releaseWhenDone(response: ProxyResponse, release: () => void): void {
  if (response.wholeBody !== undefined || response.body === null || response.body.destroyed) {
    release();
    return;
  }
  response.body.once('close', release);
}

const STATUS_BY_KIND: Readonly<Record<UpstreamFailureKind, ElbErrorStatus>> = {
  'connect-refused': 502,
  'connection-reset': 502,
  'malformed-response': 502,
  'pool-closed': 502,
  other: 502,
  'connect-timeout': 504,
  'response-timeout': 504,
  'invalid-request': 400,
  'client-aborted': 460,
};

const WHAT_HAPPENED: Readonly<Record<UpstreamFailureKind, string>> = {
  'connect-refused': 'refused the connection',
  'connection-reset': 'closed the connection with the request outstanding',
  'malformed-response': 'sent a response that is not valid HTTP',
  'pool-closed': 'was deregistered and its deregistration delay ran out mid-request',
  other: 'could not be reached',
  'connect-timeout': 'did not accept the connection within 10 s',
  'response-timeout': 'did not answer within the idle timeout',
  'invalid-request': 'could not be sent the request as received',
  'client-aborted': 'was abandoned: the client closed the connection first',
};

function failureResponse(failure: UpstreamFailure, group: TargetGroupRuntime, target: TargetEntry, context: ForwardContext): ProxyResponse {
  const timeout = failure.kind === 'response-timeout' ? ` (${context.settings.idleTimeoutMs / 1000} s)` : '';
  const explanation = `${context.where}: ${describeTarget(group, target)} ${WHAT_HAPPENED[failure.kind]}${timeout} [${failure.code}]`;
  return elbErrorResponse(STATUS_BY_KIND[failure.kind], explanation);
}

function describeTarget(group: TargetGroupRuntime, target: TargetEntry): string {
  return `target ${target.id} (${target.registration.host}:${target.registration.port}) of target group ${group.name}`;
}
