/**
 * The request/response shapes passed between data-plane hops in one process: gateway → (VPC link)
 * → ALB listener → target. Bodies stream end to end; only a body already here whole when its head
 * is handed on travels as one Buffer (`wholeBody`).
 */
import type { Readable } from 'node:stream';
import type { ResourceId } from '../plan/types.js';
import type { CancelSignal } from './cancellation.js';

/** Header map with lower-case names; repeated headers as arrays. */
export type HeaderMap = Record<string, string | string[]>;

export interface ProxyRequest {
  readonly method: string;
  /** Path plus query string, as it goes on the wire to the next hop (`/api/books?limit=2`). */
  readonly url: string;
  /** Headers for the next hop. Hop-by-hop headers are already removed by the sender. */
  readonly headers: HeaderMap;
  /** Request body, or null when there is none. */
  readonly body: Readable | null;
  /** The TCP peer as the next hop sees it (for `source-ip` conditions and X-Forwarded-For). */
  readonly sourceIp: string;
  readonly sourcePort: number;
  /** Security groups of the network interface the request leaves from (VPC link or ALB ENI). */
  readonly sourceSecurityGroupIds: readonly ResourceId[];
  /** Aborted when the original client goes away; every hop must stop work on it. */
  readonly signal: CancelSignal;
  /** The gateway's request id (`apigw-requestid`), for log lines. */
  readonly requestId: string;
}

/** Why a hop could not deliver the request; the gateway maps each kind to AWS's status and body. */
export type HopFailure =
  /** A security group (ingress of the destination or egress of the source) drops the connection. */
  | { readonly kind: 'blocked-by-security-group'; readonly explanation: string; readonly fix: string }
  /** Nothing accepted the connection (target process gone, port closed). */
  | { readonly kind: 'connect-failed'; readonly explanation: string }
  /** The integration did not answer within its timeout. */
  | { readonly kind: 'timeout'; readonly explanation: string };

export interface ProxyResponse {
  readonly statusCode: number;
  /** Reason phrase when the hop uses a non-standard one (the ALB's `302 Moved Temporarily`, `503 Service Temporarily Unavailable`). */
  readonly statusMessage?: string;
  readonly headers: HeaderMap;
  /** Response body stream, or null for an empty body. */
  readonly body: Readable | null;
  /**
   * The whole body, when it came with the head (the usual small response): senders write it in one
   * go without reading `body`, which is then only built for a caller that asks for a stream.
   */
  readonly wholeBody?: Buffer;
  /** Who produced this response: the target itself, or a hop acting for it (ALB error page, fixed-response). */
  readonly origin: 'target' | 'elb' | 'gateway';
  /** Set when the hop could not deliver; `statusCode`/`body` then hold what that hop would answer. */
  readonly failure?: HopFailure;
  /** One-line explanation for a hop-generated response (logged next to the request id). */
  readonly explanation?: string;
}

/** Something that takes a request and produces a response: an ALB listener, a Cloud Map target… */
export interface RequestHandler {
  handle(request: ProxyRequest): Promise<ProxyResponse>;
}
