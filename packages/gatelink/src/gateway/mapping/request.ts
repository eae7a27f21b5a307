/**
 * Request parameter mapping on an HTTP_PROXY integration: `overwrite:path`, and `append:`,
 * `overwrite:`, `remove:` on `header.<name>` and `querystring.<name>`, applied to what API Gateway
 * would otherwise send. Values see the original request, not one modified by earlier mappings.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 */
import type { HeaderMap } from '../../proxy/types.js';
import type { RequestContext } from '../context.js';
import { MappingValue } from './values.js';
import type { ValueSource } from './values.js';

interface Operation {
  readonly action: 'append' | 'overwrite' | 'remove';
  readonly location: 'header' | 'querystring' | 'path';
  readonly name: string;
  readonly value: MappingValue;
}

export interface OutgoingRequest {
  /** Path (with the stage segment for named stages, as AWS forwards it) and query string. */
  readonly url: string;
  readonly headers: HeaderMap;
}

export interface RequestView {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: URLSearchParams;
  /** `$request.path`: the path without the stage segment. */
  readonly routePath: string;
  readonly context: RequestContext;
}

export class RequestMapping {
  private readonly operations: readonly Operation[];

  constructor(parameters: Readonly<Record<string, string>>) {
    this.operations = Object.entries(parameters).flatMap(([key, expression]) => {
      const operation = parseKey(key);
      return operation ? [{ ...operation, value: new MappingValue(expression) }] : [];
    });
  }

  get empty(): boolean {
    return this.operations.length === 0;
  }

  apply(outgoing: OutgoingRequest, view: RequestView): OutgoingRequest {
    if (this.empty) return outgoing;
    const source = requestSource(view);
    const queryAt = outgoing.url.indexOf('?');
    let path = queryAt === -1 ? outgoing.url : outgoing.url.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : outgoing.url.slice(queryAt + 1));
    const headers: HeaderMap = { ...outgoing.headers };
    for (const op of this.operations) {
      const value = op.action === 'remove' ? '' : op.value.evaluate(source);
      if (value === undefined) continue;
      if (op.location === 'path') path = value.startsWith('/') ? value : `/${value}`;
      else if (op.location === 'header') applyHeader(headers, op, value);
      else applyQuery(query, op, value);
    }
    const search = query.toString();
    return { url: search ? `${path}?${search}` : path, headers };
  }
}

function parseKey(key: string): Omit<Operation, 'value'> | undefined {
  if (key === 'overwrite:path') return { action: 'overwrite', location: 'path', name: '' };
  const match = /^(append|overwrite|remove):(header|querystring)\.(.+)$/.exec(key);
  if (!match) return undefined;
  const [, action, location, name] = match as unknown as [string, Operation['action'], 'header' | 'querystring', string];
  return { action, location, name: location === 'header' ? name.toLowerCase() : name };
}

function applyHeader(headers: HeaderMap, op: Omit<Operation, 'value'>, value: string): void {
  const current = headers[op.name];
  if (op.action === 'remove') delete headers[op.name];
  else if (op.action === 'overwrite' || current === undefined) headers[op.name] = value;
  else headers[op.name] = `${[current].flat().join(',')},${value}`;
}

function applyQuery(query: URLSearchParams, op: Omit<Operation, 'value'>, value: string): void {
  if (op.action === 'remove') query.delete(op.name);
  else if (op.action === 'overwrite') query.set(op.name, value);
  else query.append(op.name, value);
}

function requestSource(view: RequestView): ValueSource {
  return (reference) => {
    if (reference.startsWith('request.header.')) {
      const value = view.headers[reference.slice('request.header.'.length).toLowerCase()];
      return value === undefined ? undefined : [value].flat().join(',');
    }
    if (reference.startsWith('request.querystring.')) {
      const values = view.query.getAll(reference.slice('request.querystring.'.length));
      return values.length > 0 ? values.join(',') : undefined;
    }
    if (reference === 'request.path') return view.routePath;
    if (reference.startsWith('request.path.')) return view.context.pathParameters[reference.slice('request.path.'.length)];
    return sharedSource(reference, view.context);
  };
}

/** `$context.*` and `$stageVariables.*`, which request and response mappings both read. */
export function sharedSource(reference: string, context: RequestContext): string | undefined {
  if (reference.startsWith('context.')) return context.variable(reference.slice('context.'.length));
  if (reference.startsWith('stageVariables.')) return context.stageVariables[reference.slice('stageVariables.'.length)];
  return undefined;
}
