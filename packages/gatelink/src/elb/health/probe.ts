/**
 * One health check, as the ALB sends it: `GET <path>` on a NEW connection that is closed afterwards,
 * `Host: <target ip>:<port>`, `User-Agent: ELB-HealthChecker/2.0`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html).
 * The verdict comes from the status line; a missing status line within the timeout is a timeout.
 * HTTPS checks do not validate the target's certificate, as the ALB does not.
 */
import http from 'node:http';
import https from 'node:https';

export interface ProbeRequest {
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly timeoutMs: number;
}

export type ProbeOutcome =
  | { readonly kind: 'status'; readonly statusCode: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** Sends one health-check request; never rejects. */
export function probe(target: ProbeRequest): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: ProbeOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const client = target.protocol === 'HTTPS' ? https : http;
    const request = client.request({
      host: target.host,
      port: target.port,
      path: target.path,
      method: 'GET',
      agent: false,
      rejectUnauthorized: false,
      headers: { host: hostHeader(target.host, target.port), 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' },
    });
    const close = (): void => {
      clearTimeout(deadline);
      request.destroy();
    };
    // The deadline both times the check out and bounds how long a slow body may hold the socket.
    const deadline = setTimeout(() => {
      settle({ kind: 'timeout' });
      request.destroy();
    }, target.timeoutMs);
    request.once('response', (response) => {
      settle({ kind: 'status', statusCode: response.statusCode ?? 0 });
      // The connection is closed after each check: read what is there, then drop the socket.
      response.resume();
      response.once('end', close);
      response.once('error', close);
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      close();
      settle({ kind: 'error', code: error.code ?? 'ERROR', message: error.message });
    });
    request.end();
  });
}

function hostHeader(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
