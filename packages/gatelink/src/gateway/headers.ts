/**
 * Headers on the way to the integration: hop-by-hop headers removed (RFC 9110 §7.6.1), Host replaced
 * by the integration endpoint's, and the `Forwarded`/`Via` headers HTTP APIs were observed to add
 * (aws-semantics §1.4); on the way back, hop-by-hop headers removed and `apigw-requestid` added.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { HeaderMap } from '../proxy/types.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'http2-settings']);

function connectionTokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value).split(',').map((token) => token.trim().toLowerCase()).filter(Boolean);
}

export function requestHeadersForIntegration(
  incoming: IncomingHttpHeaders,
  options: { host: string; clientIp: string; linkIp: string; protocol: string },
): HeaderMap {
  const listed = connectionTokens(incoming.connection);
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name) || name === 'host') continue;
    out[name] = value;
  }
  out.host = options.host;
  const forwarded = `by=${options.linkIp};for=${options.clientIp};host=${incoming.host ?? ''};proto=${options.protocol}`;
  out.forwarded = incoming.forwarded ? `${String(incoming.forwarded)}, ${forwarded}` : forwarded;
  out.via = incoming.via ? `${String(incoming.via)}, HTTP/1.1 AmazonAPIGateway` : 'HTTP/1.1 AmazonAPIGateway';
  return out;
}

export function responseHeadersForClient(headers: HeaderMap, requestId: string): OutgoingHttpHeaders {
  const listed = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (HOP_BY_HOP.has(name) || listed.includes(name)) continue;
    out[name] = value;
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
