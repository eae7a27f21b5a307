/**
 * An HTTP_PROXY integration whose URL names a load balancer of the app by its DNS name
 * (`http://<Fn::GetAtt DNSName>/…`): the call goes to the local load balancer's listener on the URL's
 * port, over the public hop (API Gateway calls it from the internet, so the load balancer must be
 * internet-facing and its security groups must admit any address). The URL's path is the path sent,
 * with `{name}` / `{name+}` filled from the route's path parameters, and the request's query string
 * appended.
 */
import type { RouteMatch } from './routes.js';

/** The address API Gateway's internet-side calls are judged by (a documentation address: only 0.0.0.0/0-style rules admit it). */
export const API_GATEWAY_PUBLIC_ADDRESS = '203.0.113.10';

export interface UrlTarget {
  readonly host: string;
  readonly port: number;
  readonly pathTemplate: string;
}

/** `http://name.elb.amazonaws.com:8080/a/{proxy}` → its host, port and path template; undefined for what is not a URL. */
export function parseUrlTarget(uri: string): UrlTarget | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { host: url.hostname, port, pathTemplate: decodeURI(url.pathname) };
  } catch {
    return undefined;
  }
}

/** The path and query the load balancer receives for one request. */
export function urlTargetPath(target: UrlTarget, match: RouteMatch, rawUrl: string): string {
  const path = target.pathTemplate.replace(/\{([^}+]+)\+?\}/g, (_whole, name: string) => match.pathParameters[name] ?? '');
  const query = rawUrl.indexOf('?');
  return query === -1 ? path : `${path}${rawUrl.slice(query)}`;
}
