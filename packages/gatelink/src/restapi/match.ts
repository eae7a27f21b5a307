/**
 * REST API resource matching: the request path (after `/{stage}`) against the resource tree, segment
 * by segment — a literal part beats `{param}`, which beats `{proxy+}` (which takes one or more
 * segments) — and then the method, exact before `ANY`. A path that matches no resource, or a resource
 * without the method, is not an error of its own: the caller answers 403 Missing Authentication Token.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
 * Undocumented: when a literal resource matches but lacks the method, gatelink tries the next
 * candidate (`{param}`, then `{proxy+}`) rather than answering 403 at once.
 */
import type { RestMethodPlan } from '../plan/types.js';

interface Node {
  readonly literals: Map<string, Node>;
  param?: { readonly name: string; readonly node: Node };
  greedy?: { readonly name: string; readonly node: Node };
  readonly methods: Map<string, RestMethodPlan>;
}

export interface MethodMatch {
  readonly method: RestMethodPlan;
  /** Decoded path parameter values by name (`proxy` for `{proxy+}`). */
  readonly pathParameters: Readonly<Record<string, string>>;
}

const newNode = (): Node => ({ literals: new Map(), methods: new Map() });

export class ResourceTree {
  private readonly root = newNode();

  constructor(methods: readonly RestMethodPlan[]) {
    for (const method of methods) this.add(method);
  }

  private add(method: RestMethodPlan): void {
    let node = this.root;
    for (const part of method.resourcePath.split('/').filter(Boolean)) {
      const greedy = /^\{(.+)\+\}$/.exec(part);
      const param = /^\{(.+)\}$/.exec(part);
      if (greedy) node = (node.greedy ??= { name: greedy[1] as string, node: newNode() }).node;
      else if (param) node = (node.param ??= { name: param[1] as string, node: newNode() }).node;
      else {
        let next = node.literals.get(part);
        if (!next) node.literals.set(part, (next = newNode()));
        node = next;
      }
    }
    node.methods.set(method.httpMethod, method);
  }

  /** `path` starts with `/` and has no stage; segments are matched raw and their values decoded. */
  match(httpMethod: string, path: string): MethodMatch | undefined {
    const segments = path.split('/').slice(1);
    if (segments.at(-1) === '') segments.pop();
    return this.walk(this.root, segments, 0, httpMethod, {});
  }

  private walk(node: Node, segments: readonly string[], at: number, httpMethod: string, params: Record<string, string>): MethodMatch | undefined {
    if (at === segments.length) {
      const method = node.methods.get(httpMethod) ?? node.methods.get('ANY');
      return method ? { method, pathParameters: params } : undefined;
    }
    const segment = segments[at] as string;
    const literal = node.literals.get(segment);
    const found = literal && this.walk(literal, segments, at + 1, httpMethod, params);
    if (found) return found;
    if (node.param && segment !== '') {
      const next = this.walk(node.param.node, segments, at + 1, httpMethod, { ...params, [node.param.name]: decode(segment) });
      if (next) return next;
    }
    if (node.greedy) {
      const method = node.greedy.node.methods.get(httpMethod) ?? node.greedy.node.methods.get('ANY');
      if (method) return { method, pathParameters: { ...params, [node.greedy.name]: decode(segments.slice(at).join('/')) } };
    }
    return undefined;
  }
}

/** URL-encoded path values reach the backend decoded (api-gateway-known-issues); bad escapes stay as sent. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
