/**
 * Route selection as the HTTP API documents it: the most specific route wins — an exact match on
 * method and path (a `{variable}` matches one whole segment), then the longest greedy `{proxy+}`
 * match, then `$default`; an explicit method beats `ANY` at the same specificity. Compiled once.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
import type { RoutePlan } from '../plan/types.js';

export interface RouteMatch {
  readonly route: RoutePlan;
  readonly pathParameters: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly route: RoutePlan;
  readonly method: string;
  readonly segments: readonly string[];
  /** Literal segments count: more literals = more specific among full matches. */
  readonly literals: number;
  readonly greedyName?: string;
}

export class RouteTable {
  private readonly full: CompiledRoute[];
  private readonly greedy: CompiledRoute[];
  private readonly exact = new Map<string, RoutePlan>();
  private readonly fallback?: RoutePlan;

  constructor(routes: readonly RoutePlan[]) {
    const compiled = routes.filter((r) => r.method !== '$default' && r.path !== undefined).map(compile);
    for (const c of compiled) if (c.literals === c.segments.length && !c.greedyName) this.exact.set(`${c.method} ${c.route.path}`, c.route);
    const bySpecificity = (a: CompiledRoute, b: CompiledRoute) => b.literals - a.literals || b.segments.length - a.segments.length || methodRank(a) - methodRank(b);
    this.full = compiled.filter((c) => !c.greedyName).sort(bySpecificity);
    this.greedy = compiled.filter((c) => c.greedyName).sort(bySpecificity);
    this.fallback = routes.find((r) => r.method === '$default');
  }

  match(method: string, path: string): RouteMatch | undefined {
    if (this.exact.size > 0) {
      const exact = this.exact.get(`${method} ${path}`) ?? this.exact.get(`ANY ${path}`);
      if (exact) return { route: exact, pathParameters: {} };
    }
    const segments = path.split('/').slice(1);
    const found = pick(this.full, method, segments) ?? pick(this.greedy, method, segments);
    if (found) return found;
    return this.fallback ? { route: this.fallback, pathParameters: {} } : undefined;
  }
}

function compile(route: RoutePlan): CompiledRoute {
  const segments = (route.path ?? '/').split('/').slice(1);
  const last = segments.at(-1) ?? '';
  const greedy = /^\{(.+)\+\}$/.exec(last);
  return {
    route,
    method: route.method,
    segments: greedy ? segments.slice(0, -1) : segments,
    literals: segments.filter((s) => !s.startsWith('{')).length,
    ...(greedy ? { greedyName: greedy[1] } : {}),
  };
}

function methodRank(route: CompiledRoute): number {
  return route.method === 'ANY' ? 1 : 0;
}

/** Candidates are sorted most specific first (explicit method before ANY on ties): the first match wins. */
function pick(candidates: readonly CompiledRoute[], method: string, segments: readonly string[]): RouteMatch | undefined {
  for (const candidate of candidates) {
    if (candidate.method !== method && candidate.method !== 'ANY') continue;
    const parameters = matchSegments(candidate, segments);
    if (parameters) return { route: candidate.route, pathParameters: parameters };
  }
  return undefined;
}

function matchSegments(route: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  if (route.greedyName ? segments.length <= route.segments.length : segments.length !== route.segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i += 1) {
    const pattern = route.segments[i] as string;
    const actual = segments[i] as string;
    if (pattern.startsWith('{')) {
      if (actual === '') return undefined;
      parameters[pattern.slice(1, -1)] = actual;
    } else if (pattern !== actual) return undefined;
  }
  if (route.greedyName) {
    const rest = segments.slice(route.segments.length).join('/');
    if (rest === '') return undefined;
    parameters[route.greedyName] = rest;
  }
  return parameters;
}
