/**
 * Sends one request to an upstream through a keep-alive pool and hands back its response with the
 * body still streaming: nothing is buffered, back-pressure flows through the piped streams, and an
 * abort of `signal` (the client went away) aborts the upstream request. Errors come back as data
 * (`UpstreamFailure`) for the calling hop to turn into its own answer.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { HeaderMap, ProxyResponse } from './types.js';
import { stripHopByHop } from './headers/hop-by-hop.js';
import { classifyUpstreamError } from './upstream-errors.js';
import type { UpstreamFailure } from './upstream-errors.js';

export interface UpstreamRequest {
  readonly method: string;
  /** Path and query as they go on the wire. */
  readonly path: string;
  /** End-to-end headers only (see `copyEndToEndHeaders`). */
  readonly headers: HeaderMap;
  readonly body: Readable | null;
  readonly signal: AbortSignal;
  /** Longest wait for the response head once the request is sent. */
  readonly headersTimeoutMs: number;
  /** Longest silence between two body chunks of the response. */
  readonly bodyTimeoutMs: number;
}

export type ForwardOutcome = { readonly ok: true; readonly response: ProxyResponse } | { readonly ok: false; readonly failure: UpstreamFailure };

/** Forwards `request` through `dispatcher` (a `Pool` for the target's origin). Never rejects. */
export async function forwardRequest(dispatcher: Dispatcher, request: UpstreamRequest): Promise<ForwardOutcome> {
  try {
    const upstream = await dispatcher.request({
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body ?? undefined,
      signal: request.signal,
      headersTimeout: Math.max(1, Math.round(request.headersTimeoutMs)),
      bodyTimeout: Math.max(1, Math.round(request.bodyTimeoutMs)),
    });
    const headers = upstream.headers as Record<string, string | string[] | undefined>;
    stripHopByHop(headers);
    return { ok: true, response: { statusCode: upstream.statusCode, headers: headers as HeaderMap, body: upstream.body, origin: 'target' } };
  } catch (error) {
    return { ok: false, failure: classifyUpstreamError(error, request.signal.aborted) };
  }
}
