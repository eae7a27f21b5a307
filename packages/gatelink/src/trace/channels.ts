/**
 * Where the data plane reports each hop of a request, for the console and OpenTelemetry. Each hop
 * publishes on its node:diagnostics_channel only when something subscribes (`hasSubscribers`, a
 * field read), so with no console open and no collector configured the data plane builds no event
 * and copies no header: capture costs a branch per hop. Events of one request share its
 * `requestId` (`apigw-requestid`); the gateway's event comes last, when the response has ended.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderMap } from '../proxy/types.js';

/** The VPC link hop: what the integration request looked like as it left the gateway. */
export interface LinkHopEvent {
  readonly requestId: string;
  readonly integrationId: string;
  readonly vpcLink?: string;
  /** The link's address as the next hop sees it. */
  readonly sourceIp: string;
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderMap;
  readonly startedAt: number;
}

/** The load balancer's listener: which rule matched. */
export interface RuleHopEvent {
  readonly requestId: string;
  readonly listenerId: string;
  readonly ruleId: string;
  readonly priority: number | 'default';
  readonly at: number;
}

/** The hop to a task (from a load balancer or a Cloud Map integration): which one, how long, what it got. */
export interface TargetHopEvent {
  readonly requestId: string;
  /** `elb` (a target group's target) or `cloudmap` (an instance reached over the VPC link). */
  readonly via: 'elb' | 'cloudmap';
  readonly group: string;
  readonly targetId: string;
  readonly address: string;
  readonly headers: HeaderMap;
  /** Epoch milliseconds (fractional). */
  readonly startedAt: number;
  /** Until the response head arrived (or the hop failed). */
  readonly durationMs: number;
  readonly status: number;
  readonly error?: string;
}

/** The gateway's record of the whole request, published when its response has ended. */
export interface GatewayRequestEvent {
  readonly requestId: string;
  readonly api: string;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly sourceIp?: string;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly stage: string;
  readonly routeKey: string;
  readonly status: number;
  readonly responseLength: number;
  readonly integrationLatencyMs?: number;
  readonly integrationStatus?: number;
  readonly integrationError?: string;
  readonly errorType?: string;
  readonly authorizerError?: string;
  readonly authorized?: boolean;
  readonly accessLogLine?: string;
}

export const linkChannel = diagnosticsChannel.channel('gatelink:link');
export const ruleChannel = diagnosticsChannel.channel('gatelink:elb:rule');
export const targetChannel = diagnosticsChannel.channel('gatelink:target');
export const gatewayChannel = diagnosticsChannel.channel('gatelink:gateway:request');

/** Whether any hop's events are wanted (one check where building the event itself costs something). */
export function capturing(): boolean {
  return gatewayChannel.hasSubscribers;
}
