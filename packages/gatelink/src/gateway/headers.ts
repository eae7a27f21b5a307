/**
 * Headers on the way to the integration: hop-by-hop headers removed (RFC 9110 §7.6.1), Host replaced
 * by the integration endpoint's, and the `Forwarded`/`Via` headers HTTP APIs were observed to add
 * (aws-semantics §1.4); on the way back, hop-by-hop headers removed and `apigw-requestid` added.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { connectionOptions, isAlwaysHopByHop } from '../proxy/headers/hop-by-hop.js';
import type { HeaderMap } from '../proxy/types.js';

export function requestHeadersForIntegration(
  incoming: IncomingHttpHeaders,
  options: { host: string; clientIp: string; linkIp: string; protocol: string },
): HeaderMap {
  const listed = connectionOptions(incoming.connection);
  const out: HeaderMap = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || name === 'host' || isAlwaysHopByHop(name) || listed?.has(name)) continue;
    out[name] = value;
  }
  out.host = options.host;
  const forwarded = `by=${options.linkIp};for=${options.clientIp};host=${incoming.host ?? ''};proto=${options.protocol}`;
  out.forwarded = incoming.forwarded ? `${String(incoming.forwarded)}, ${forwarded}` : forwarded;
  out.via = incoming.via ? `${String(incoming.via)}, HTTP/1.1 AmazonAPIGateway` : 'HTTP/1.1 AmazonAPIGateway';
  return out;
}

export function responseHeadersForClient(headers: HeaderMap, requestId: string): OutgoingHttpHeaders {
  const listed = connectionOptions(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (isAlwaysHopByHop(name) || listed?.has(name)) continue;
    out[name] = headers[name];
  }
  out['apigw-requestid'] = requestId;
  return out;
}

/** Bytes of the request line and every header, as the 10,240-byte quota counts them. */
export function requestHeadSize(method: string, url: string, rawHeaders: readonly string[]): number {
  let size = method.length + url.length + 10;
  for (const part of rawHeaders) size += part.length + 2;
  return size;
}
