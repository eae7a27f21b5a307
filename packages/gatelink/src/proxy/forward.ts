/**
 * Sends one request to an upstream through a keep-alive pool and hands back its response: a body
 * still arriving comes as a stream (back-pressure flows both ways), one already here whole as a
 * Buffer. An abort of `signal` (the client went away) aborts the upstream request. Errors come back
 * as data (`UpstreamFailure`) for the calling hop to turn into its own answer.
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
  private resumeUpstream: () => void = ignore;
  /** The response head, from `onHeaders` until it is handed on. */
  private head: { readonly statusCode: number; readonly headers: HeaderMap } | undefined;
  /** Body chunks that arrived before the head was handed on. */
  private early: Buffer[] = [];
  private body: UpstreamBody | undefined;
  private settled = false;
  private finished = false;
  /** The upstream sent the response to its end (as opposed to failing). */
  private completed = false;
  private readonly onClientGone = (): void => this.abortUpstream?.(abortReason(this.request.signal));
  private readonly deliver = (): void => this.deliverHead();

  constructor(
    private readonly request: UpstreamRequest,
    private readonly resolve: (outcome: ForwardOutcome) => void,
  ) {}

  onConnect(abort: Abort): void {
    this.abortUpstream = abort;
    if (this.request.signal.aborted) abort(abortReason(this.request.signal));
    else this.request.signal.addEventListener('abort', this.onClientGone, { once: true });
  }

  /**
   * The head is handed on a microtask later, not at once: undici parses a whole socket read in one
   * go, so a small response's body and its end arrive before that microtask runs, and the caller
   * gets the body as one Buffer, with no stream, events or ticks per response. A body still on its
   * way is handed on as a stream, the chunks already here first.
   */
  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx (100 Continue, 103 Early Hints) are interim: the real head follows.
    if (statusCode < 200) return true;
    this.head = { statusCode, headers: endToEndHeaders(rawHeaders) };
    this.resumeUpstream = resume;
    queueMicrotask(this.deliver);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.body) return this.body.push(chunk);
    this.early.push(chunk);
    return true;
  }

  onComplete(): void {
    this.finish();
    this.completed = true;
    this.body?.push(null);
  }

  onError(error: Error): void {
    this.finish();
    if (this.head && !this.settled) this.deliverHead();
    if (!this.settled) this.settle({ ok: false, failure: classifyUpstreamError(error, this.request.signal.aborted) });
    // The reader may have stopped listening already (the client went away first): an 'error' nobody
    // hears must not crash the process.
    else this.body?.on('error', ignore).destroy(error);
  }

  private deliverHead(): void {
    const head = this.head;
    if (head === undefined || this.settled) return;
    if (this.completed) {
      const whole = this.early.length === 1 ? (this.early[0] as Buffer) : Buffer.concat(this.early);
      this.settle({ ok: true, response: new WholeResponse(head.statusCode, head.headers, whole) });
      return;
    }
    const body = new UpstreamBody(this.resumeUpstream, (error) => {
      // Every body is destroyed once read to its end; only one destroyed before that aborts.
      if (!this.finished) this.abortUpstream?.(error ?? new Error('the response body was closed before its end'));
    });
    this.body = body;
    for (const chunk of this.early) body.push(chunk);
    this.early = [];
    if (this.completed) body.push(null);
    this.settle({ ok: true, response: { statusCode: head.statusCode, headers: head.headers, body, origin: 'target' } });
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

/**
 * A target's response whose whole body came with its head: `wholeBody` is what senders write;
 * `body`, as a stream, is only built for a caller that asks for one.
 */
class WholeResponse implements ProxyResponse {
  readonly origin = 'target';
  private stream: UpstreamBody | undefined;

  constructor(
    readonly statusCode: number,
    readonly headers: HeaderMap,
    readonly wholeBody: Buffer,
  ) {}

  get body(): Readable {
    if (this.stream === undefined) {
      this.stream = new UpstreamBody(ignore, ignore);
      if (this.wholeBody.length > 0) this.stream.push(this.wholeBody);
      this.stream.push(null);
    }
    return this.stream;
  }
}

/** The response body as a stream: reading it resumes the upstream socket, destroying it aborts the request. */
class UpstreamBody extends Readable {
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
