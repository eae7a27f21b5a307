/**
 * The two hops the bench reproduces with nginx, as plain data: the HTTP API's routes (all sent to
 * the load balancer), the listener's path rules in priority order, and the target groups' ports.
 * Built from gatelink's plan and admin status by ./topology.ts; rendered by ./nginx-conf.ts.
 */

export type AlbAction =
  | { readonly kind: 'forward'; readonly upstream: string }
  | { readonly kind: 'fixed'; readonly status: number; readonly contentType?: string; readonly body?: string };

export interface GatewayRoute {
  /** `ANY` or an upper-case method. */
  readonly method: string;
  /** The route key's path (`/api/books/{id}`, `/{proxy+}`); undefined for `$default`. */
  readonly path: string | undefined;
}

export interface AlbRule {
  /** ALB path patterns: `*` is any run of characters, `?` exactly one; case-sensitive. */
  readonly pathPatterns: readonly string[];
  readonly action: AlbAction;
}

export interface Upstream {
  readonly name: string;
  readonly ports: readonly number[];
}

export interface TwoHops {
  readonly routes: readonly GatewayRoute[];
  /** In ascending priority: the first match wins. */
  readonly rules: readonly AlbRule[];
  readonly defaultAction: AlbAction;
  readonly upstreams: readonly Upstream[];
  /** The stage's access log format (`$context` variables), when the stage writes access logs. */
  readonly accessLogFormat?: string;
}

/** ALB path pattern → anchored regular expression source. */
export function albPatternRegex(pattern: string): string {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return `^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
}

/** HTTP API route path → anchored regular expression source: `{name}` one segment, `{name+}` the rest. */
export function routePathRegex(routePath: string): string {
  const parts = routePath.split(/(\{[^}]+\})/).map((part) => {
    if (/^\{[^}]+\+\}$/.test(part)) return '.+';
    if (/^\{[^}]+\}$/.test(part)) return '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return `^${parts.join('')}$`;
}

/** What the load balancer does with `path` (the first rule whose pattern matches, else the default). */
export function actionFor(hops: TwoHops, path: string): AlbAction {
  const rule = hops.rules.find((candidate) => candidate.pathPatterns.some((pattern) => new RegExp(albPatternRegex(pattern)).test(path)));
  return rule?.action ?? hops.defaultAction;
}

/** The ports of the target group that serves `path`; empty when a fixed response answers it. */
export function portsFor(hops: TwoHops, path: string): readonly number[] {
  const action = actionFor(hops, path);
  if (action.kind !== 'forward') return [];
  return hops.upstreams.find((upstream) => upstream.name === action.upstream)?.ports ?? [];
}
