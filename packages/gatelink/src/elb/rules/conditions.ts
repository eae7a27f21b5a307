/**
 * Listener rule conditions, each compiled once into a predicate over a `RequestView`. Semantics per
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html:
 * the values of one condition are OR'd; a rule's conditions are AND'd (see compile.ts).
 */
import { GatelinkError } from '../../errors.js';
import type { ConditionPlan } from '../../plan/types.js';
import { compileCidrs } from './cidr.js';
import type { RequestView } from './request-view.js';
import { compileWildcard } from './wildcard.js';
import type { WildcardTest } from './wildcard.js';

export type Predicate = (view: RequestView) => boolean;

const CASE_SENSITIVE = { ignoreCase: false, escapes: false } as const;
const CASE_INSENSITIVE = { ignoreCase: true, escapes: false } as const;
/** Query-string values may escape a literal `*` or `?` with `\`. */
const QUERY = { ignoreCase: true, escapes: true } as const;

/** Compiles one condition; `resource` names the rule in configuration errors. */
export function compileCondition(condition: ConditionPlan, resource: string): Predicate {
  if (condition.values.length === 0) {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `${condition.field} condition has no values` });
  }
  switch (condition.field) {
    case 'path-pattern':
      return anyOf(condition.values.map((value) => compileWildcard(value, CASE_SENSITIVE)), (view) => view.path);
    case 'host-header':
      return anyOf(condition.values.map((value) => compileWildcard(value, CASE_INSENSITIVE)), (view) => view.host);
    case 'http-request-method':
      return methodPredicate(condition.values);
    case 'source-ip': {
      const inside = compileCidrs(condition.values, resource);
      return (view) => inside(view.sourceIp);
    }
    case 'http-header':
      return headerPredicate(condition.headerName, condition.values);
    case 'query-string':
      return queryPredicate(condition.values);
  }
}

function anyOf(tests: readonly WildcardTest[], field: (view: RequestView) => string | null): Predicate {
  if (tests.length === 1) {
    const only = tests[0] as WildcardTest;
    return (view) => {
      const value = field(view);
      return value !== null && only(value);
    };
  }
  return (view) => {
    const value = field(view);
    return value !== null && tests.some((test) => test(value));
  };
}

/** Methods match exactly and case-sensitively; no wildcards. */
function methodPredicate(methods: readonly string[]): Predicate {
  const allowed = new Set(methods);
  return (view) => allowed.has(view.method);
}

/** Header name and value are both case-insensitive; wildcards only in values. */
function headerPredicate(headerName: string, values: readonly string[]): Predicate {
  const name = headerName.toLowerCase();
  const tests = values.map((value) => compileWildcard(value, CASE_INSENSITIVE));
  const matches = (value: string): boolean => {
    const lower = value.toLowerCase();
    return tests.some((test) => test(lower));
  };
  return (view) => {
    const header = view.headers[name];
    if (header === undefined) return false;
    return Array.isArray(header) ? header.some(matches) : matches(header);
  };
}

/** Key/value or value-only pairs, case-insensitive, compared with the decoded query parameters. */
function queryPredicate(values: readonly { readonly key?: string; readonly value: string }[]): Predicate {
  const compiled = values.map((entry) => ({
    key: entry.key === undefined ? undefined : compileWildcard(entry.key, QUERY),
    value: compileWildcard(entry.value, QUERY),
  }));
  return (view) =>
    view.query.some((pair) => compiled.some((entry) => (entry.key === undefined || entry.key(pair.key)) && entry.value(pair.value)));
}
