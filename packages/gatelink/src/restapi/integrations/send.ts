/**
 * Sends one integration request and buffers the answer: over a v1 VPC link to a load balancer
 * listener (in process, `handlers.listener(id)` as the HTTP API does), or to a URL with undici. The
 * integration timeout (default 29 s) and the client going away abort the call; a timeout answers
 * 504 Endpoint request timed out, an unreachable backend INTEGRATION_FAILURE.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html
 */
import { Readable } from 'node:stream';
import { request as undiciRequest } from 'undici';
import { Cancellation } from '../../proxy/cancellation.js';
import type { HeaderMap, RequestHandler } from '../../proxy/types.js';

export interface BackendRequest {
  readonly method: string;
  /** Absolute URL: where the request goes (INTERNET), or what sets Host and the path (VPC link). */
  readonly url: URL;
  readonly headers: HeaderMap;
  readonly body: Buffer;
}

export interface BackendReply {
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: Buffer;
}

export type BackendOutcome = { readonly reply: BackendReply } | { readonly error: 'INTEGRATION_TIMEOUT' | 'INTEGRATION_FAILURE'; readonly detail: string };

/** Where an HTTP integration's requests go. */
export interface Backend {
  send(request: BackendRequest, options: { timeoutMs: number; requestId: string; clientGone: Cancellation }): Promise<BackendOutcome>;
}

/** Responses larger than the payload quota are cut off as a failure rather than buffered without end. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export class ListenerBackend implements Backend {
  constructor(
    private readonly handler: RequestHandler,
    private readonly link: { readonly sourceIp: string; readonly securityGroupIds: readonly string[] },
  ) {}

  async send(request: BackendRequest, options: { timeoutMs: number; requestId: string; clientGone: Cancellation }): Promise<BackendOutcome> {
    const signal = new Cancellation();
    const onGone = (): void => signal.abort(new Error('client closed the connection'));
    options.clientGone.addEventListener('abort', onGone);
    const timer = setTimeout(() => signal.abort(new Error('integration timeout')), options.timeoutMs);
    try {
      const response = await untilAborted(signal, this.handler.handle({
        method: request.method,
        url: `${request.url.pathname}${request.url.search}`,
        headers: { ...request.headers, host: request.url.host },
        body: request.body.length > 0 ? Readable.from([request.body]) : null,
        sourceIp: this.link.sourceIp,
        sourcePort: 1024 + Math.floor(Math.random() * 60_000),
        sourceSecurityGroupIds: this.link.securityGroupIds,
        signal,
        requestId: options.requestId,
      }));
      if (response.failure) return { error: response.failure.kind === 'timeout' ? 'INTEGRATION_TIMEOUT' : 'INTEGRATION_FAILURE', detail: response.failure.explanation };
      const body = response.wholeBody ?? (response.body ? await collect(response.body, signal) : Buffer.alloc(0));
      return { reply: { status: response.statusCode, headers: response.headers, body } };
    } catch (error) {
      return failure(signal, error);
    } finally {
      clearTimeout(timer);
      options.clientGone.removeEventListener('abort', onGone);
    }
  }
}

/** A hop that cannot connect (a security group drops it, a private address): every call fails as an unreachable backend does. */
export class FailingBackend implements Backend {
  constructor(private readonly detail: string) {}

  send(): Promise<BackendOutcome> {
    return Promise.resolve({ error: 'INTEGRATION_FAILURE', detail: this.detail });
  }
}

export class UrlBackend implements Backend {
  async send(request: BackendRequest, options: { timeoutMs: number; requestId: string; clientGone: Cancellation }): Promise<BackendOutcome> {
    const signal = new Cancellation();
    const controller = new AbortController();
    const onGone = (): void => signal.abort(new Error('client closed the connection'));
    signal.addEventListener('abort', () => controller.abort(signal.reason));
    options.clientGone.addEventListener('abort', onGone);
    const timer = setTimeout(() => signal.abort(new Error('integration timeout')), options.timeoutMs);
    try {
      const { host: _host, ...headers } = request.headers;
      const response = await undiciRequest(request.url, { method: request.method as 'GET', headers: { ...headers, host: request.url.host }, body: request.body.length > 0 ? request.body : null, signal: controller.signal });
      const body = await collect(response.body, signal);
      return { reply: { status: response.statusCode, headers: response.headers as HeaderMap, body } };
    } catch (error) {
      return failure(signal, error);
    } finally {
      clearTimeout(timer);
      options.clientGone.removeEventListener('abort', onGone);
    }
  }
}

/** A hop that ignores its signal must not hold the request past the timeout: the abort settles it. */
function untilAborted<T>(signal: Cancellation, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort);
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failure(signal: Cancellation, error: unknown): BackendOutcome {
  if (signal.aborted && String(signal.reason).includes('timeout')) return { error: 'INTEGRATION_TIMEOUT', detail: 'the integration did not answer within its timeout' };
  return { error: 'INTEGRATION_FAILURE', detail: error instanceof Error ? error.message : String(error) };
}

async function collect(body: Readable, signal: Cancellation): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const onAbort = (): void => {
    body.destroy(signal.reason ?? new Error('aborted'));
  };
  signal.addEventListener('abort', onAbort);
  try {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > MAX_RESPONSE_BYTES) throw new Error('the integration response is larger than 10 MB');
      chunks.push(buffer);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw signal.reason ?? new Error('aborted');
  return Buffer.concat(chunks);
}
