/**
 * An ALB listener on a socket of its own: what an internet-facing listener's host port serves, and
 * what an NLB with an `alb` target group connects to. Each connection's source is looked up (an NLB
 * records its connections: with client IP preservation the ALB sees the client's address); a client
 * from outside gatelink must be admitted by the ALB's security groups as an internet client would
 * (0.0.0.0/0 admits it), else its connection is reset and the missing rule logged. Requests then go
 * through the listener's rules exactly as the gateway's VPC-link calls do. An NLB in the same process
 * hands its accepted connections over (`adopt`) instead of opening a second loopback connection: the
 * HTTP server parses the client's own socket, with the source the NLB decided.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { listenTracked } from '../http/listen.js';
import type { ConnectionOrigin, ConnectionOrigins } from '../network/origins.js';
import type { LoadBalancerPlan } from '../plan/types.js';
import { Cancellation } from '../proxy/cancellation.js';
import type { HeaderMap, ProxyResponse, RequestHandler } from '../proxy/types.js';
import type { ListenerRuntime } from './listener.js';
import type { NetworkCheck } from './network-check.js';
import { ELB_ERROR_PAGES, ELB_SERVER_HEADER, elbErrorResponse } from './responses.js';

export interface ListenerSocketOptions {
  readonly listener: ListenerRuntime;
  readonly loadBalancer: LoadBalancerPlan;
  readonly network: NetworkCheck;
  readonly origins: ConnectionOrigins;
  readonly logger: Logger;
}

export interface ListenerSocket {
  readonly port: number;
  openConnections(): number;
  /**
   * Serves a connection another hop accepted (an NLB forwarding to this ALB), as if it had arrived
   * from `origin`; false when the listener is closed (the caller resets the connection).
   */
  adopt(socket: Socket, origin: ConnectionOrigin): boolean;
  close(): Promise<void>;
}

let sequence = 0;

export async function startListenerSocket(options: ListenerSocketOptions, host: string, port: number, what: string): Promise<ListenerSocket> {
  const sources = new WeakMap<Socket, Promise<ConnectionOrigin | undefined>>();
  const handler: RequestHandler = options.listener;
  // The ALB's limits: 64 KB of request headers; smuggling shapes refused by node's strict parser.
  const server = http.createServer({ insecureHTTPParser: false, maxHeaderSize: 64 * 1024, keepAliveTimeout: 60_000, headersTimeout: 60_000, requestTimeout: 120_000 }, (req, res) => {
    if (hasUnframedBody(req)) {
      // RFC 9112 §6.3: a body whose end nobody knows is refused, and the connection closed.
      res.shouldKeepAlive = false;
      write(res, elbErrorResponse(400, `listener ${options.listener.plan.id}: Transfer-Encoding that does not end in chunked`));
      return;
    }
    void serve(req, res).catch((error: unknown) => {
      options.logger.error({ err: error, listener: options.listener.plan.id }, 'load balancer listener failed a request');
      if (!res.headersSent) write(res, elbErrorResponse(500, 'internal error'));
      else res.destroy();
    });
  });
  // A head node's parser refuses (malformed request line, headers over 64 KB, smuggling shapes) gets
  // the ALB's own 400 page — AWS answers 400 for all of them, where node would say 431 for the size —
  // and the connection is closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && error.code !== 'ECONNRESET') socket.end(badRequest());
    else socket.destroy();
  });
  server.on('connection', (socket: Socket) => {
    // An adopted connection comes with its origin; its socket's peer is the client, not a recorded hop.
    if (sources.has(socket)) return;
    const origin = options.origins.originOf(socket);
    sources.set(socket, origin);
    void origin.then((known) => screen(socket, known));
  });

  const screen = (socket: Socket, origin: ConnectionOrigin | undefined): void => {
    const lb = options.loadBalancer;
    // A connection an NLB opened was judged by the NLB's own hop (target security groups).
    if (origin !== undefined || lb.securityGroupIds.length === 0) return;
    const address = socket.remoteAddress ?? '127.0.0.1';
    const verdict = options.network.canConnect(
      { securityGroupIds: [], address, description: `client ${address} on the internet` },
      { securityGroupIds: lb.securityGroupIds, port: options.listener.plan.port, description: `load balancer ${lb.name}` },
    );
    if (verdict.allowed) return;
    options.logger.warn({ listener: options.listener.plan.id, explanation: verdict.explanation, fix: verdict.fix }, 'security groups drop a client connection to a public load balancer listener');
    socket.resetAndDestroy();
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const origin = await (sources.get(req.socket) ?? Promise.resolve(undefined));
    if (req.socket.destroyed) return;
    const cancellation = new Cancellation();
    res.once('close', () => {
      if (!res.writableFinished) cancellation.abort(new Error('client closed the connection'));
    });
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    const response = await handler.handle({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers as HeaderMap,
      body: hasBody ? req : null,
      sourceIp: origin?.address ?? req.socket.remoteAddress ?? '127.0.0.1',
      sourcePort: req.socket.remotePort ?? 0,
      sourceSecurityGroupIds: origin?.securityGroupIds ?? [],
      signal: cancellation,
      requestId: `lb-${(sequence += 1).toString(36)}`,
    });
    if (!hasBody) req.resume();
    write(res, response);
  };

  const { port: bound, sockets } = await listenTracked(server, port, host, what);
  return {
    port: bound,
    openConnections: () => sockets.size,
    adopt: (socket, origin) => {
      if (!server.listening) return false;
      sources.set(socket, Promise.resolve(origin));
      server.emit('connection', socket);
      // A socket accepted with pauseOnConnect reads only once resumed; the HTTP parser is attached now.
      socket.resume();
      return true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The ALB's 400 page as raw bytes: a head the parser refused has no `ServerResponse` to write it on. */
function badRequest(): Buffer {
  const page = ELB_ERROR_PAGES[400];
  const body = page.body ?? Buffer.alloc(0);
  return Buffer.concat([Buffer.from(`HTTP/1.1 400 ${page.reason}\r\nServer: ${ELB_SERVER_HEADER}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]);
}

function hasUnframedBody(req: http.IncomingMessage): boolean {
  const te = req.headers['transfer-encoding'];
  if (te === undefined) return false;
  return te.split(',').at(-1)?.trim().toLowerCase() !== 'chunked';
}

function write(res: http.ServerResponse, response: ProxyResponse): void {
  if (res.destroyed) {
    response.body?.destroy();
    return;
  }
  res.writeHead(response.statusCode, response.statusMessage ?? http.STATUS_CODES[response.statusCode] ?? '', response.headers);
  if (response.wholeBody !== undefined) {
    res.end(response.wholeBody);
    return;
  }
  if (response.body === null) {
    res.end();
    return;
  }
  const body = response.body;
  body.once('error', () => res.destroy());
  res.once('close', () => {
    if (!res.writableFinished) body.destroy();
  });
  body.pipe(res);
}
