/**
 * Sends one request to an upstream through a keep-alive pool and hands back its response with the
 * body still streaming: nothing is buffered, back-pressure flows both ways, and an abort of
 * `signal` (the client went away) aborts the upstream request. Errors come back as data
 * (`UpstreamFailure`) for the calling hop to turn into its own answer.
 *
 * Built on undici's `dispatch()` with a handler of our own rather than `request()`: the response
 * head becomes our header map in one pass (hop-by-hop headers left out as it is read), and there is
 * no async resource, promise callback or second header parse per request — measurable at thousands
 * of requests a second through one process.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { CancelSignal } from './cancellation.js';
import type { HeaderMap, ProxyResponse } from './types.js';
import { connectionOptions, isAlwaysHopByHop } from './headers/hop-by-hop.js';
import { classifyUpstreamError } from './upstream-errors.js';
import type { UpstreamFailure } from './upstream-errors.js';

export interface UpstreamRequest {
  readonly method: string;
  /** Path and query as they go on the wire. */
  readonly path: string;
  /** End-to-end headers only (see `copyEndToEndHeaders`). */
  readonly headers: HeaderMap;
  readonly body: Readable | null;
  readonly signal: CancelSignal;
  /** Longest wait for the response head once the request is sent. */
  readonly headersTimeoutMs: number;
  /** Longest silence between two body chunks of the response. */
  readonly bodyTimeoutMs: number;
}

export type ForwardOutcome = { readonly ok: true; readonly response: ProxyResponse } | { readonly ok: false; readonly failure: UpstreamFailure };

/** Forwards `request` through `dispatcher` (a `Pool` for the target's origin). Never rejects. */
export function forwardRequest(dispatcher: Dispatcher, request: UpstreamRequest): Promise<ForwardOutcome> {
  return new Promise((resolve) => {
    const exchange = new UpstreamExchange(request, resolve);
    dispatcher.dispatch(
      {
        method: request.method as Dispatcher.HttpMethod,
        path: request.path,
        headers: request.headers,
        body: request.body ?? undefined,
        headersTimeout: Math.max(1, Math.round(request.headersTimeoutMs)),
        bodyTimeout: Math.max(1, Math.round(request.bodyTimeoutMs)),
      },
      exchange,
    );
  });
}

type Abort = (reason?: Error) => void;

const ignore = (): void => undefined;

/** undici's (legacy, callback-style) dispatch handler for one request/response exchange. */
class UpstreamExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: Abort | undefined;
  private body: UpstreamBody | undefined;
  private settled = false;
  private finished = false;
  private readonly onClientGone = (): void => this.abortUpstream?.(abortReason(this.request.signal));

  constructor(
    private readonly request: UpstreamRequest,
    private readonly resolve: (outcome: ForwardOutcome) => void,
  ) {}

  onConnect(abort: Abort): void {
    this.abortUpstream = abort;
    if (this.request.signal.aborted) abort(abortReason(this.request.signal));
    else this.request.signal.addEventListener('abort', this.onClientGone, { once: true });
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx (100 Continue, 103 Early Hints) are interim: the real head follows.
    if (statusCode < 200) return true;
    this.body = new UpstreamBody(resume, (error) => {
      // Every body is destroyed once read to its end; only one destroyed before that aborts.
      if (!this.finished) this.abortUpstream?.(error ?? new Error('the response body was closed before its end'));
    });
    this.settle({ ok: true, response: { statusCode, headers: endToEndHeaders(rawHeaders), body: this.body, origin: 'target' } });
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.body?.push(chunk) ?? true;
  }

  onComplete(): void {
    this.finish();
    if (this.body) this.body.complete = true;
    this.body?.push(null);
  }

  onError(error: Error): void {
    this.finish();
    if (!this.settled) this.settle({ ok: false, failure: classifyUpstreamError(error, this.request.signal.aborted) });
    // The reader may have stopped listening already (the client went away first): an 'error' nobody
    // hears must not crash the process.
    else this.body?.on('error', ignore).destroy(error);
  }

  private settle(outcome: ForwardOutcome): void {
    this.settled = true;
    this.resolve(outcome);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.request.signal.removeEventListener('abort', this.onClientGone);
  }
}

/** The response body as a stream: reading it resumes the upstream socket, destroying it aborts the request. */
class UpstreamBody extends Readable {
  /** The upstream sent the whole body (it may still be buffered here, unread). */
  complete = false;

  constructor(
    private readonly resumeUpstream: () => void,
    private readonly abortUpstream: Abort,
  ) {
    super();
  }

  override _read(): void {
    this.resumeUpstream();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.abortUpstream(error ?? undefined);
    callback(error);
  }
}

function abortReason(signal: CancelSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The response head as a header map: lower-case names, repeated headers as arrays, and without
 * hop-by-hop headers (RFC 9110 §7.6.1: the fixed set and whatever `Connection` lists).
 */
export function endToEndHeaders(raw: readonly Buffer[]): HeaderMap {
  let listed: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as Buffer;
    if (name.length === 10 && name.toString('latin1').toLowerCase() === 'connection') {
      const options = connectionOptions((raw[i + 1] as Buffer).toString('latin1'));
      if (options) for (const option of options) (listed ??= new Set()).add(option);
    }
  }
  const headers: HeaderMap = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1').toLowerCase();
    if (isAlwaysHopByHop(name) || listed?.has(name)) continue;
    const value = (raw[i + 1] as Buffer).toString('latin1');
    const existing = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (existing === undefined) {
      // An own property even for `__proto__`, which plain assignment would treat as the prototype.
      if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
      else headers[name] = value;
    } else if (Array.isArray(existing)) existing.push(value);
    else headers[name] = [existing, value];
  }
  return headers;
}

/**
 * The whole body at once when it has already arrived and nobody has read from it: the usual small
 * response comes in the same read as its head. Writing it with one `end()` spares the pipe (its
 * listeners, flowing mode and end handling) per request. Reading it ends the stream as usual.
 */
export function takeCompleteBody(body: Readable): Buffer | undefined {
  if (!(body instanceof UpstreamBody) || !body.complete || body.readableFlowing !== null || body.readableLength === 0) return undefined;
  const whole = body.read() as Buffer | null;
  return whole ?? undefined;
}
