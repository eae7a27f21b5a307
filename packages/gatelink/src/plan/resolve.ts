/**
 * Resolves CloudFormation intrinsic functions against one stack: Ref, Fn::GetAtt, Fn::ImportValue,
 * Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If and conditions, Fn::GetAZs, Fn::FindInMap,
 * Fn::Base64, Fn::Cidr, and pseudo parameters. What `Ref`/`GetAtt` of a resource return comes from
 * `attributeOf`, so every module agrees on physical ids.
 */
import { GatelinkError } from '../errors.js';
import type { AssemblyStack } from '../assembly/index.js';
import { cidrSubnets } from './cidr.js';
import { resolveParameters } from './parameters.js';

/** Marks a value removed by `AWS::NoValue`. */
export const NO_VALUE = Symbol('AWS::NoValue');

export interface ResolveContext {
  readonly stack: AssemblyStack;
  readonly region: string;
  readonly accountId: string;
  /** Export name → resolved value, filled as stacks are resolved in dependency order. */
  readonly exports: ReadonlyMap<string, unknown>;
  /** This stack's template parameters: what `Ref` of each gives (./parameters.ts). */
  readonly parameters?: ReadonlyMap<string, unknown>;
  /** `Ref` (attribute undefined) or `Fn::GetAtt` of a resource of this stack. */
  attributeOf(logicalId: string, attribute: string | undefined): unknown;
}

export class Resolver {
  private readonly conditionCache = new Map<string, boolean>();
  private readonly parameters: ReadonlyMap<string, unknown>;

  constructor(private readonly ctx: ResolveContext) {
    // Without values from buildPlan, the template's defaults (a parameter without one cannot be resolved).
    this.parameters = ctx.parameters ?? resolveParameters([ctx.stack], {}, []).get(ctx.stack.name)?.values ?? new Map();
  }

  /** Deep-resolves `value`; `where` names the resource and property for error messages. */
  resolve(value: unknown, where: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, where)).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, argument] = entries[0] as [string, unknown];
      if (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition') return this.intrinsic(key, argument, where);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.resolve(item, where);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  condition(name: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.ctx.stack.template.Conditions?.[name];
    if (definition === undefined) throw this.error(`Condition ${name}`, 'no such condition', `Conditions/${name}`);
    const result = Boolean(this.resolve(definition, `Conditions/${name}`));
    this.conditionCache.set(name, result);
    return result;
  }

  private intrinsic(fn: string, arg: unknown, where: string): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg), where);
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
        return this.ctx.attributeOf(String(logicalId), attribute.join('.'));
      }
      case 'Fn::ImportValue': {
        const name = String(this.resolve(arg, where));
        if (!this.ctx.exports.has(name)) throw this.error(`Fn::ImportValue ${name}`, 'no stack of the assembly exports that name', where);
        return this.ctx.exports.get(name);
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, unknown[]];
        return (this.resolve(items, where) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = this.resolve(arg, where) as [number | string, unknown[]];
        const item = list[Number(index)];
        if (item === undefined) throw this.error('Fn::Select', `index ${index} is outside a list of ${list.length}`, where);
        return item;
      }
      case 'Fn::Split': {
        const [separator, text] = this.resolve(arg, where) as [string, string];
        return String(text).split(separator);
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return this.resolve(this.condition(name) ? whenTrue : whenFalse, where);
      }
      case 'Fn::Equals': {
        const [a, b] = this.resolve(arg, where) as [unknown, unknown];
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::And':
        return (arg as unknown[]).every((item) => Boolean(this.resolve(item, where)));
      case 'Fn::Or':
        return (arg as unknown[]).some((item) => Boolean(this.resolve(item, where)));
      case 'Fn::Not':
        return !this.resolve((arg as unknown[])[0], where);
      case 'Condition':
        return this.condition(String(arg));
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.ctx.region}${zone}`);
      case 'Fn::FindInMap': {
        const [map, top, second] = this.resolve(arg, where) as [string, string, string];
        const value = this.ctx.stack.template.Mappings?.[map]?.[top]?.[second];
        if (value === undefined) throw this.error(`Fn::FindInMap ${map}.${top}.${second}`, 'no such mapping entry', where);
        return value;
      }
      case 'Fn::Base64':
        return Buffer.from(String(this.resolve(arg, where))).toString('base64');
      case 'Fn::Cidr': {
        const [block, count, bits] = this.resolve(arg, where) as [string, number, number];
        return cidrSubnets(String(block), Number(count), Number(bits));
      }
      default:
        throw this.error(fn, 'this intrinsic function is not supported', where);
    }
  }

  private ref(name: string, where: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.ctx.region;
      case 'AWS::AccountId':
        return this.ctx.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.ctx.stack.name;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.ctx.region}:${this.ctx.accountId}:stack/${this.ctx.stack.name}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = this.ctx.stack.template.Parameters?.[name];
    if (parameter) {
      if (this.parameters.has(name)) return this.parameters.get(name);
      // Through buildPlan, unreachable: it stops on a parameter without a value first.
      throw this.error(`Ref ${name}`, 'the parameter has no value (pass --parameters Name=value)', where);
    }
    if (this.ctx.stack.template.Resources?.[name]) return this.ctx.attributeOf(name, undefined);
    throw this.error(`Ref ${name}`, 'no parameter, pseudo parameter or resource of that name', where);
  }

  private sub(arg: unknown, where: string): string {
    const [text, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    const resolvedVars = this.resolve(variables, where) as Record<string, unknown>;
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in resolvedVars) return String(resolvedVars[name]);
      if (name.includes('.')) {
        const [logicalId, ...attribute] = name.split('.');
        return String(this.ctx.attributeOf(String(logicalId), attribute.join('.')));
      }
      return String(this.ref(name, where));
    });
  }

  private error(expression: string, detail: string, where: string): GatelinkError {
    return new GatelinkError('GL_ERR_PLAN_UNRESOLVABLE', { resource: `${this.ctx.stack.name}/${where}`, expression, detail });
  }
}
