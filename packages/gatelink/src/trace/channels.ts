/**
 * Where the data plane reports each hop of a request, for the console and OpenTelemetry. The gateway
 * decides when a request starts whether it is captured (someone subscribes to its channel, and the
 * per-second budget allows); each hop then publishes on its node:diagnostics_channel only for a
 * captured request, so with no console open and no collector configured the data plane builds no
 * event: capture costs a branch per hop. Events of one request share its `requestId`
 * (`apigw-requestid`); the gateway's event comes last, when the response has ended.
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

/**
 * At most this many requests a second are captured: a developer's requests all are, while a load
 * test's are sampled, so an open console costs a load test next to nothing (the ring keeps the last
 * 1,000 anyway: a third of a second of a load test).
 */
export const CAPTURE_PER_SECOND = 200;

/** Requests being captured: the gateway decides when a request starts, the hops after it ask by request id. */
const captured = new Set<string>();
let windowStart = 0;
let inWindow = 0;

/** The gateway, as a request starts: capture it? Only while someone listens, and within the budget. */
export function startCapture(requestId: string): boolean {
  if (!gatewayChannel.hasSubscribers) return false;
  const now = performance.now();
  if (now - windowStart >= 1_000) {
    windowStart = now;
    inWindow = 0;
  }
  if (inWindow >= CAPTURE_PER_SECOND) return false;
  inWindow += 1;
  captured.add(requestId);
  return true;
}

/** A hop: is this request captured? (A size check when nothing is.) */
export function isCaptured(requestId: string): boolean {
  return captured.size > 0 && captured.has(requestId);
}

/** The gateway, once the request's event is published. */
export function endCapture(requestId: string): void {
  captured.delete(requestId);
}
