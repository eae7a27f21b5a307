/**
 * The forwarding headers the ALB sets on requests it sends to targets
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html) and its
 * Host handling (`routing.http.preserve_host_header.enabled`,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html).
 * Each pass mutates the request's forwarded header copy.
 */
import type { HeaderMap } from '../types.js';

/** `routing.http.xff_header_processing.mode`. */
export type XffMode = 'append' | 'preserve' | 'remove';

/** The client address as the next hop should see it (`::ffff:10.0.0.1` → `10.0.0.1`). */
export function plainAddress(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * `X-Forwarded-For`: `append` adds the client address (creating the header if absent; with
 * `xff_client_port` as `ip:port`, IPv6 in brackets), `preserve` leaves it, `remove` drops it.
 */
export function applyForwardedFor(headers: HeaderMap, mode: XffMode, clientIp: string, clientPort?: number): void {
  if (mode === 'preserve') return;
  if (mode === 'remove') {
    delete headers['x-forwarded-for'];
    return;
  }
  const ip = plainAddress(clientIp);
  const entry = clientPort === undefined ? ip : ip.includes(':') ? `[${ip}]:${clientPort}` : `${ip}:${clientPort}`;
  const existing = headers['x-forwarded-for'];
  const prior = Array.isArray(existing) ? existing.join(', ') : existing;
  headers['x-forwarded-for'] = prior === undefined || prior.trim() === '' ? entry : `${prior}, ${entry}`;
}

/** How many addresses an `X-Forwarded-For` header holds (the ALB refuses more than 30 with 463). */
export function forwardedForCount(value: string | string[] | undefined): number {
  if (value === undefined) return 0;
  const text = Array.isArray(value) ? value.join(',') : value;
  let count = 1;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 44) count += 1;
  return count;
}

/** `X-Forwarded-Proto` and `X-Forwarded-Port`: what the client used to reach the listener (overwritten). */
export function applyForwardedProtoPort(headers: HeaderMap, protocol: string, port: string): void {
  headers['x-forwarded-proto'] = protocol;
  headers['x-forwarded-port'] = port;
}

/**
 * With `preserve_host_header` off (the default), Host loses its port on listener ports 80/443 and
 * gets the listener port appended elsewhere when it has none; with it on, Host is left as sent.
 */
export function applyHostRule(headers: HeaderMap, listenerPort: number, preserveHost: boolean): void {
  const host = headers.host;
  if (preserveHost || host === undefined) return;
  const first = Array.isArray(host) ? (host[0] ?? '') : host;
  const name = hostName(first);
  if (listenerPort === 80 || listenerPort === 443) headers.host = name;
  else headers.host = name === first ? `${name}:${listenerPort}` : first;
}

function hostName(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon === -1 || host.lastIndexOf(']') > colon) return host;
  return host.slice(0, colon);
}
