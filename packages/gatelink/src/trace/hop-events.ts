/**
 * Builds and publishes the hop events of ./channels.ts; called only when the channel has subscribers.
 * Headers go by reference: each hop's header object is its own and not changed once sent on.
 */
import type { IntegrationPlan } from '../plan/types.js';
import type { HeaderMap, ProxyRequest } from '../proxy/types.js';
import { linkChannel, targetChannel } from './channels.js';
import type { LinkHopEvent, TargetHopEvent } from './channels.js';

export function publishLinkHop(hop: { requestId: string; integration: IntegrationPlan; sourceIp: string; method: string; url: string; headers: HeaderMap }): void {
  const event: LinkHopEvent = {
    requestId: hop.requestId,
    integrationId: hop.integration.id,
    ...(hop.integration.vpcLinkId ? { vpcLink: hop.integration.vpcLinkId } : {}),
    sourceIp: hop.sourceIp,
    method: hop.method,
    url: hop.url,
    headers: hop.headers,
    startedAt: performance.timeOrigin + performance.now(),
  };
  linkChannel.publish(event);
}

/** `startedAt` is a performance.now() reading; the event carries it as epoch milliseconds, and the hop's duration. */
export function publishTargetHop(request: ProxyRequest, hop: Omit<TargetHopEvent, 'requestId' | 'durationMs' | 'error'> & { error: string | undefined }): void {
  const { error, ...rest } = hop;
  const event: TargetHopEvent = { ...rest, requestId: request.requestId, startedAt: performance.timeOrigin + hop.startedAt, durationMs: performance.now() - hop.startedAt, ...(error ? { error } : {}) };
  targetChannel.publish(event);
}
