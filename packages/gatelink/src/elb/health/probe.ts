/**
 * One health check, as the ALB sends it: `GET <path>` on a NEW connection that is closed afterwards,
 * `Host: <target ip>:<port>`, `User-Agent: ELB-HealthChecker/2.0`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html).
 * The verdict comes from the status line; a missing status line within the timeout is a timeout.
 * HTTPS checks do not validate the target's certificate, as the ALB does not.
 *
 * Written on a bare socket rather than `http.request`: only the status line matters, and with 100 ms
 * local intervals the HTTP client's per-check machinery (agent, parser, request and response
 * objects) was most of an idle gatelink's CPU.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface ProbeRequest {
  /** `TCP` (Network Load Balancer groups): the check passes when the connection opens. */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly timeoutMs: number;
  /** Opens the check's TCP connection (HTTP and TCP checks); `net.connect` when absent. */
  readonly connect?: (host: string, port: number) => net.Socket;
}

export type ProbeOutcome =
  | { readonly kind: 'status'; readonly statusCode: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** `HTTP/1.1 200 OK` → 200; anything else in the first line is not HTTP. */
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: |\r?$)/;
/** A status line longer than this is not one. */
const MAX_STATUS_LINE = 8 * 1024;

/** Sends one health-check request; never rejects. */
export function probe(target: ProbeRequest): Promise<ProbeOutcome> {
  if (target.protocol === 'TCP') return connectProbe(target);
  return new Promise((resolve) => {
    const socket = target.protocol === 'HTTPS' ? tls.connect({ host: target.host, port: target.port, rejectUnauthorized: false, servername: servername(target.host) }) : open(target);
    let head = '';
    const settle = (outcome: ProbeOutcome): void => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(outcome);
    };
    // The deadline both times the check out and bounds how long a slow target may hold the socket.
    const deadline = setTimeout(() => settle({ kind: 'timeout' }), target.timeoutMs);
    socket.setNoDelay(true);
    socket.write(requestHead(target));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\n');
      if (end === -1 && head.length < MAX_STATUS_LINE) return;
      const status = STATUS_LINE.exec(end === -1 ? head : head.slice(0, end));
      settle(status ? { kind: 'status', statusCode: Number(status[1]) } : { kind: 'error', code: 'HPE_INVALID_CONSTANT', message: 'the response is not HTTP: no status line' });
    });
    socket.once('end', () => settle({ kind: 'error', code: 'ECONNRESET', message: 'socket hang up: the connection closed before a status line' }));
    socket.once('error', (error: NodeJS.ErrnoException) => settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message }));
  });
}

function requestHead(target: ProbeRequest): string {
  return `GET ${target.path} HTTP/1.1\r\nHost: ${hostHeader(target.host, target.port)}\r\nUser-Agent: ELB-HealthChecker/2.0\r\nConnection: close\r\n\r\n`;
}

function hostHeader(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** SNI takes a name, never an address. */
function servername(host: string): string | undefined {
  return net.isIP(host) === 0 ? host : undefined;
}

/**
 * A TCP health check: the three-way handshake completing within the timeout is a pass, and the
 * connection is closed at once (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html).
 * A pass is reported as status 200 so the matcher-free TCP check reads like an HTTP one.
 */
function connectProbe(target: ProbeRequest): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = open(target);
    const settle = (outcome: ProbeOutcome): void => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(outcome);
    };
    const deadline = setTimeout(() => settle({ kind: 'timeout' }), target.timeoutMs);
    socket.once('connect', () => settle({ kind: 'status', statusCode: TCP_PASS }));
    socket.once('error', (error: NodeJS.ErrnoException) => settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message }));
  });
}

/** What a passed TCP check reads as: matchers of TCP checks are not consulted. */
export const TCP_PASS = 200;

function open(target: ProbeRequest): net.Socket {
  return target.connect ? target.connect(target.host, target.port) : net.connect({ host: target.host, port: target.port });
}
