/**
 * What listener rules look at, derived from a `ProxyRequest` lazily and at most once per request:
 * a rule table that only has path patterns never parses the query string or lower-cases the host.
 */
import type { HeaderMap, ProxyRequest } from '../../proxy/types.js';
import { decodeComponent, normalizePath } from './uri-normalize.js';

/** One query parameter, percent-decoded and lower-cased (query-string matching ignores case). */
export interface QueryPair {
  readonly key: string;
  readonly value: string;
}

export class RequestView {
  private normalizedPath?: string;
  private lowerHost?: string | null;
  private pairs?: readonly QueryPair[];
  private readonly queryStart: number;

  constructor(readonly request: ProxyRequest) {
    this.queryStart = request.url.indexOf('?');
  }

  get method(): string {
    return this.request.method;
  }

  get headers(): HeaderMap {
    return this.request.headers;
  }

  get sourceIp(): string {
    return this.request.sourceIp;
  }

  /** The path as written, without the query string. */
  get rawPath(): string {
    return this.queryStart === -1 ? this.request.url : this.request.url.slice(0, this.queryStart);
  }

  /** The query string without `?`, or '' when there is none. */
  get rawQuery(): string {
    return this.queryStart === -1 ? '' : this.request.url.slice(this.queryStart + 1);
  }

  /** Path after URI normalisation, case preserved (path patterns are case-sensitive). */
  get path(): string {
    this.normalizedPath ??= normalizePath(this.rawPath);
    return this.normalizedPath;
  }

  /** Host header lower-cased with any `:port` removed, or null when the request has none. */
  get host(): string | null {
    if (this.lowerHost === undefined) this.lowerHost = hostWithoutPort(this.request.headers.host);
    return this.lowerHost;
  }

  get query(): readonly QueryPair[] {
    this.pairs ??= parseQuery(this.rawQuery);
    return this.pairs;
  }
}

function hostWithoutPort(header: string | string[] | undefined): string | null {
  const host = Array.isArray(header) ? header[0] : header;
  if (host === undefined || host === '') return null;
  const lower = host.toLowerCase();
  // `[v6]:port` keeps its brackets; `name:port` loses the port.
  const colon = lower.lastIndexOf(':');
  if (colon === -1 || lower.lastIndexOf(']') > colon) return lower;
  return lower.slice(0, colon);
}

function parseQuery(query: string): QueryPair[] {
  if (query === '') return [];
  const pairs: QueryPair[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    pairs.push({ key: decodeComponent(key).toLowerCase(), value: decodeComponent(value).toLowerCase() });
  }
  return pairs;
}
