/**
 * One REST API request as the gateway's passes read it: method, the path after `/{stage}`, query and
 * headers (single- and multi-valued), the buffered body, and the matched path parameters; plus the
 * parameter-mapping sources that read from it (`method.request.*`, `stageVariables.*`, `context.*`,
 * `'static'`).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 */
import type { IncomingMessage } from 'node:http';
import { JSONPath } from 'jsonpath-plus';
import type { RequestContext } from '../gateway/context.js';

export interface RestRequest {
  readonly method: string;
  /** Path after the stage, raw (`/pets/a%20b`). */
  readonly path: string;
  /** The query string without `?`, as sent. */
  readonly rawQuery: string;
  /** Last value of each query parameter (what `method.request.querystring.x` reads). */
  readonly query: Readonly<Record<string, string>>;
  readonly multiQuery: Readonly<Record<string, readonly string[]>>;
  /** Header names as the client wrote them → last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly multiHeaders: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
  pathParameters: Readonly<Record<string, string>>;
}

export function restRequest(req: IncomingMessage, path: string, rawQuery: string, body: Buffer): RestRequest {
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  // `;` splits values in REST API query strings as well as `&` (api-gateway-known-issues).
  for (const [name, value] of new URLSearchParams(rawQuery.replace(/;/g, '&'))) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const headers: Record<string, string> = {};
  const multiHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = value;
    (multiHeaders[name] ??= []).push(value);
  }
  // REST APIs honour X-HTTP-Method-Override: it picks the method that is matched and invoked (known issues).
  const override = req.headers['x-http-method-override'];
  const method = typeof override === 'string' && /^[A-Za-z]+$/.test(override) ? override.toUpperCase() : (req.method ?? 'GET');
  return { method, path, rawQuery, query, multiQuery, headers, multiHeaders, body, pathParameters: {} };
}

/** A header's value by name, ignoring case (node's parser does not keep one spelling per name). */
export function headerValue(request: RestRequest, name: string): string | undefined {
  if (Object.hasOwn(request.headers, name)) return request.headers[name];
  const lower = name.toLowerCase();
  for (const key in request.headers) if (key.toLowerCase() === lower) return request.headers[key];
  return undefined;
}

function multiHeader(request: RestRequest, name: string): readonly string[] | undefined {
  const lower = name.toLowerCase();
  for (const key in request.multiHeaders) if (key.toLowerCase() === lower) return request.multiHeaders[key];
  return undefined;
}

/** The value of one mapping source for this request, or undefined when there is none. */
export function readSource(source: string, request: RestRequest, context: RequestContext): string | undefined {
  if (source.length >= 2 && source.startsWith("'") && source.endsWith("'")) return source.slice(1, -1);
  const dot = (prefix: string): string | undefined => (source.startsWith(prefix) ? source.slice(prefix.length) : undefined);
  let name: string | undefined;
  if ((name = dot('method.request.path.')) !== undefined) return request.pathParameters[name];
  if ((name = dot('method.request.querystring.')) !== undefined) return request.query[name];
  if ((name = dot('method.request.multivaluequerystring.')) !== undefined) return request.multiQuery[name]?.join(',');
  if ((name = dot('method.request.header.')) !== undefined) return headerValue(request, name);
  if ((name = dot('method.request.multivalueheader.')) !== undefined) return multiHeader(request, name)?.join(',');
  if (source === 'method.request.body') return request.body.toString('utf8');
  if ((name = dot('method.request.body.')) !== undefined) return jsonPathText(request.body.toString('utf8'), `$.${name}`);
  if ((name = dot('stageVariables.')) !== undefined) return context.stageVariables[name];
  if ((name = dot('context.')) !== undefined) return context.variable(name);
  return undefined;
}

/** A JSONPath of a JSON text, as text: strings bare, anything else as JSON; undefined when absent or not JSON. */
export function jsonPathText(text: string, path: string): string | undefined {
  try {
    const value: unknown = JSONPath({ path, json: JSON.parse(text) as object, wrap: false });
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return undefined;
  }
}
