/**
 * Hop-by-hop headers belong to one connection and must not be forwarded: `Connection` and every
 * header it lists, `Keep-Alive`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`, and the
 * `Proxy-*` family (RFC 9110 §7.6.1, https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1).
 * `Expect` is answered by the hop that receives it (100-continue), so it is not forwarded either.
 */
import type { HeaderMap } from '../types.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect', 'http2-settings']);

const COMMON_VALUES = new Set(['keep-alive', 'close', 'Keep-Alive', 'Close']);

/** Hop-by-hop whatever `Connection` says (the fixed set and the `proxy-` family). */
export function isAlwaysHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-');
}

/** The header names a `Connection` header lists (lower-cased), or undefined when there is none. */
export function connectionOptions(connection: string | string[] | undefined): Set<string> | undefined {
  // The usual values name no other header (keep-alive is hop-by-hop anyway): skip the parse.
  if (connection === undefined || COMMON_VALUES.has(connection as string)) return undefined;
  const names = new Set<string>();
  for (const line of Array.isArray(connection) ? connection : [connection]) {
    for (const token of line.split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '') names.add(name);
    }
  }
  return names;
}

/** A copy of `headers` without hop-by-hop headers: the one copy a forwarded request's headers get. */
export function copyEndToEndHeaders(headers: HeaderMap): HeaderMap {
  const listed = connectionOptions(headers.connection);
  const out: HeaderMap = {};
  for (const name in headers) {
    if (isAlwaysHopByHop(name) || listed?.has(name)) continue;
    out[name] = headers[name] as string | string[];
  }
  return out;
}
