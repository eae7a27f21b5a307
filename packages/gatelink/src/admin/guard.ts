/**
 * What keeps the admin API and the console safe on a developer's machine, where any web page the
 * developer opens can send requests to 127.0.0.1:
 * - DNS rebinding: a page on `evil.example` whose name now resolves to 127.0.0.1 sends
 *   `Host: evil.example`; only loopback names and addresses (and the address gatelink listens on)
 *   are answered, anything else gets 421 Misdirected Request.
 * - Cross-site requests: a mutating request from another origin (`Origin`, or `Sec-Fetch-Site:
 *   cross-site|same-site`) is refused with 403, and so is a cross-site subresource read (a page's
 *   `<script src>` of a JSON route); no route sends CORS headers.
 * - A mutating request must carry the per-start token (`x-gatelink-token`), which only the page
 *   gatelink serves (same origin) and the data dir (the CLI) hold.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

export const TOKEN_HEADER = 'x-gatelink-token';

export interface GuardOptions {
  readonly token: string;
  /** The address the admin API listens on: a request naming it as Host is answered even when it is not loopback. */
  readonly listenHost: string;
  readonly port: number;
}

export type Refusal = { readonly status: 421 | 403; readonly message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Undefined when the request may proceed; else the refusal to send. */
export function guardRequest(req: IncomingMessage, options: GuardOptions): Refusal | undefined {
  const host = hostname(req.headers.host);
  if (host === undefined || !(isLoopbackName(host) || host === options.listenHost.toLowerCase())) {
    return { status: 421, message: `the admin API answers only requests addressed to a loopback name or address (Host: ${req.headers.host ?? '(none)'}); this protects it from DNS rebinding` };
  }
  const site = header(req, 'sec-fetch-site');
  const mutating = !SAFE_METHODS.has(req.method ?? 'GET');
  if (!mutating) {
    if (site === 'cross-site' && header(req, 'sec-fetch-mode') !== 'navigate') return { status: 403, message: 'cross-site reads of the admin API are refused' };
    return undefined;
  }
  const origin = header(req, 'origin');
  if (origin !== undefined && !sameOrigin(origin, options)) return { status: 403, message: `cross-origin request refused (Origin: ${origin})` };
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, message: `cross-site request refused (Sec-Fetch-Site: ${site})` };
  if (!tokenMatches(header(req, TOKEN_HEADER), options.token)) {
    return { status: 403, message: `missing or wrong ${TOKEN_HEADER}: mutating admin routes need the token of this gatelink start (the console page carries it; the CLI reads it from the data dir's admin.json)` };
  }
  return undefined;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8, `::1` (RFC 6761 §6.3: localhost names always resolve to loopback). */
export function isLoopbackName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (net.isIPv4(name)) return name.startsWith('127.');
  if (net.isIPv6(name)) return name === '::1' || name === '0:0:0:0:0:0:0:1' || name.startsWith('::ffff:127.');
  return false;
}

/** The host part of a Host header (`[::1]:8090` → `::1`), or undefined when it has none. */
export function hostname(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end > 0 ? hostHeader.slice(1, end).toLowerCase() : undefined;
  }
  const colon = hostHeader.lastIndexOf(':');
  return (colon === -1 ? hostHeader : hostHeader.slice(0, colon)).toLowerCase();
}

function sameOrigin(origin: string, options: GuardOptions): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'http:' && Number(url.port || 80) === options.port && (isLoopbackName(host) || host === options.listenHost);
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
