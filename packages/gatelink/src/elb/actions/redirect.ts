/**
 * `redirect`: builds `Location` from protocol://host:port/path?query, each component defaulting to
 * the request's own and able to reuse #{protocol}, #{host}, #{port}, #{path} (without its leading
 * "/") and #{query} (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html).
 * The ALB always writes the port into `Location` (observed: `Location: https://example.com:443/`).
 */
import { GatelinkError } from '../../errors.js';
import type { RequestView } from '../rules/request-view.js';

export interface RedirectConfig {
  readonly statusCode: 301 | 302;
  readonly protocol?: string;
  readonly host?: string;
  readonly port?: string;
  readonly path?: string;
  readonly query?: string;
}

/** The listener the request came in on: what #{protocol} and #{port} stand for. */
export interface ListenerEndpoint {
  readonly protocol: string;
  readonly port: number;
}

type Component = (values: Placeholders) => string;
interface Placeholders {
  readonly protocol: string;
  readonly host: string;
  readonly port: string;
  readonly path: string;
  readonly query: string;
}

/** Compiles a redirect action into a function from request to `Location`. */
export function compileRedirect(config: RedirectConfig, listener: ListenerEndpoint, resource: string): (view: RequestView) => string {
  if (config.protocol?.toUpperCase() === 'HTTP' && listener.protocol === 'HTTPS') {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: 'a redirect cannot go from HTTPS to HTTP' });
  }
  const protocol = template(config.protocol ?? '#{protocol}');
  const host = template(config.host ?? '#{host}');
  const port = template(config.port ?? '#{port}');
  const path = template(config.path ?? '/#{path}');
  const query = template(config.query ?? '#{query}');
  const listenerProtocol = listener.protocol.toLowerCase();
  const listenerPort = String(listener.port);
  return (view) => {
    const rawPath = view.rawPath;
    const values: Placeholders = {
      protocol: listenerProtocol,
      host: view.host ?? '',
      port: listenerPort,
      path: rawPath.startsWith('/') ? rawPath.slice(1) : rawPath,
      query: view.rawQuery,
    };
    const search = query(values);
    return `${protocol(values).toLowerCase()}://${host(values)}:${port(values)}${path(values)}${search === '' ? '' : `?${search}`}`;
  };
}

type Piece = { readonly key: keyof Placeholders } | { readonly text: string };
const PLACEHOLDER = /^#\{(protocol|host|port|path|query)\}$/;

/** Splits a component on its placeholders once, so a request only concatenates. */
function template(text: string): Component {
  const parts = text.split(/(#\{(?:protocol|host|port|path|query)\})/).filter((part) => part !== '');
  if (parts.length <= 1 && !PLACEHOLDER.test(text)) return () => text;
  const pieces: Piece[] = parts.map((part) => {
    const key = PLACEHOLDER.exec(part)?.[1] as keyof Placeholders | undefined;
    return key === undefined ? { text: part } : { key };
  });
  return (values) => {
    let out = '';
    for (const piece of pieces) out += 'key' in piece ? values[piece.key] : piece.text;
    return out;
  };
}
