/**
 * REST API header rules (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html):
 * towards the backend `Host` is the integration's, and `Content-MD5`, `Expect`, `Max-Forwards`,
 * `Proxy-Authenticate`, `TE`, `Trailer`, `Upgrade`, `WWW-Authenticate` and `Via` are dropped (plus
 * hop-by-hop headers, RFC 9110 §7.6.1); towards the client `Date` and `Server` are replaced and the
 * backend's kept as `X-Amzn-Remapped-*`, as are `Authorization`, `Connection`, `Content-MD5`,
 * `Max-Forwards`, `User-Agent` and `WWW-Authenticate`; `Content-Length` is recomputed.
 */
import { connectionOptions, isAlwaysHopByHop } from '../proxy/headers/hop-by-hop.js';
import type { HeaderMap } from '../proxy/types.js';

const DROPPED_TOWARDS_BACKEND = new Set(['content-md5', 'expect', 'max-forwards', 'proxy-authenticate', 'te', 'trailer', 'upgrade', 'www-authenticate', 'via', 'host', 'content-length']);
const REMAPPED_TOWARDS_CLIENT = new Set(['date', 'server', 'authorization', 'connection', 'content-md5', 'max-forwards', 'user-agent', 'www-authenticate']);

/** The client's headers as an HTTP_PROXY integration passes them on (lower-case names). */
export function headersTowardsBackend(headers: Readonly<Record<string, string>>, clientIp: string): HeaderMap {
  const listed = connectionOptions(headers.Connection ?? headers.connection);
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (DROPPED_TOWARDS_BACKEND.has(lower) || isAlwaysHopByHop(lower) || listed?.has(lower)) continue;
    out[lower] = value;
  }
  // Undocumented: real REST APIs append the client to X-Forwarded-For (observed); gatelink does too.
  const forwarded = out['x-forwarded-for'];
  out['x-forwarded-for'] = forwarded ? `${String(forwarded)}, ${clientIp}` : clientIp;
  return out;
}

/** A backend's response headers as the client gets them. */
export function headersTowardsClient(headers: HeaderMap): HeaderMap {
  const listed = connectionOptions(headers.connection);
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    if (REMAPPED_TOWARDS_CLIENT.has(lower)) {
      out[`x-amzn-remapped-${lower}`] = value;
      continue;
    }
    if (isAlwaysHopByHop(lower) || listed?.has(lower)) continue;
    out[lower] = value;
  }
  return out;
}
