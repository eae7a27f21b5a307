/**
 * Every resource of every stack with its properties resolved and its physical id, in dependency
 * order, plus an index from physical ids (and ARNs) back to resources so that references between
 * resources become plan ids (`<Stack>/<LogicalId>`).
 */
import type { AssemblyStack, CfnResource, CloudAssembly } from '../assembly/index.js';
import { GatelinkError } from '../errors.js';
import { attributeOf } from './attributes.js';
import { resolveParameters } from './parameters.js';
import type { ParameterInput, StackParameters } from './parameters.js';
import { Resolver } from './resolve.js';

export interface ResolvedResource {
  readonly id: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly physicalId: string;
  readonly stackRef: AssemblyStack;
  /** The CDK construct path (`Stack/bookService/Service`) when the template records it. */
  readonly cdkPath?: string;
}

export interface ResolvedAssembly {
  readonly region: string;
  readonly accountId: string;
  readonly resources: readonly ResolvedResource[];
  /** Physical id, ARN or name → plan id. */
  byPhysicalId(value: unknown): ResolvedResource | undefined;
  ofType(type: string): ResolvedResource[];
  /** SSM-typed template parameters whose SSM parameter is not in the local store (stand-ins used). */
  readonly parameterStandIns: readonly string[];
}

export interface ResolveOptions {
  region?: string;
  accountId?: string;
  parameters?: ParameterInput;
}

export function resolveAssembly(assembly: CloudAssembly, options: ResolveOptions): ResolvedAssembly {
  const region = options.region ?? assembly.stacks.find((s) => s.environment.region)?.environment.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const accountId = options.accountId ?? assembly.stacks.find((s) => s.environment.account)?.environment.account ?? '000000000000';
  const exports = new Map<string, unknown>();
  const resources: ResolvedResource[] = [];
  const parameters = parametersOrThrow(assembly, options.parameters ?? {});
  for (const stack of assembly.stacks) {
    resources.push(...resolveStack(stack, { region, accountId, exports, parameters: parameters.get(stack.name) }));
  }
  const index = new Map<string, ResolvedResource>();
  for (const resource of resources) index.set(resource.physicalId, resource);
  return {
    region,
    accountId,
    resources,
    byPhysicalId: (value) => (typeof value === 'string' ? index.get(value) : undefined),
    ofType: (type) => resources.filter((resource) => resource.type === type),
    parameterStandIns: [...parameters.entries()].flatMap(([stack, p]) => p.standIns.map((standIn) => `${stack}:${standIn}`)),
  };
}

/** Every stack's parameters, or one error naming every parameter without a value or with a bad one. */
function parametersOrThrow(assembly: CloudAssembly, input: ParameterInput): Map<string, StackParameters> {
  const problems: string[] = [];
  const ssmParameter = (name: string) => input.ssmParameter?.(name) ?? templateSsmParameter(assembly, name);
  const parameters = resolveParameters(assembly.stacks, { ...input, ssmParameter }, problems);
  if (problems.length > 0) throw new GatelinkError('GL_ERR_PLAN_PARAMETERS', { count: problems.length, problems: problems.join('; ') });
  return parameters;
}

/** An `AWS::SSM::Parameter` of the app itself whose name and value are literals. */
function templateSsmParameter(assembly: CloudAssembly, name: string): string | undefined {
  for (const stack of assembly.stacks) {
    for (const resource of Object.values(stack.template.Resources ?? {})) {
      const props = resource.Properties ?? {};
      if (resource.Type === 'AWS::SSM::Parameter' && props.Name === name && typeof props.Value === 'string') return props.Value;
    }
  }
  return undefined;
}

interface StackInput {
  readonly region: string;
  readonly accountId: string;
  readonly exports: Map<string, unknown>;
  readonly parameters: StackParameters | undefined;
}

function resolveStack(stack: AssemblyStack, { region, accountId, exports, parameters }: StackInput): ResolvedResource[] {
  const template = stack.template.Resources ?? {};
  const props = new Map<string, Record<string, unknown>>();
  const inProgress = new Set<string>();
  const ctx = { stackName: stack.name, region, accountId };
  const resolver: Resolver = new Resolver({
    stack,
    region,
    accountId,
    exports,
    parameters: parameters?.values ?? new Map(),
    attributeOf: (logicalId, attribute) => {
      const resource = template[logicalId];
      if (!resource) throw new GatelinkError('GL_ERR_PLAN_UNRESOLVABLE', { resource: `${stack.name}/${logicalId}`, expression: 'Ref/Fn::GetAtt', detail: 'no such resource in the template' });
      return attributeOf({ ctx, logicalId, resource, attribute, prop: (name) => propertiesOf(logicalId, resource)[name] });
    },
  });
  const propertiesOf = (logicalId: string, resource: CfnResource): Record<string, unknown> => {
    const cached = props.get(logicalId);
    if (cached) return cached;
    if (inProgress.has(logicalId)) return rawNames(resource);
    inProgress.add(logicalId);
    const resolved = resolver.resolve(resource.Properties ?? {}, logicalId) as Record<string, unknown>;
    inProgress.delete(logicalId);
    props.set(logicalId, resolved);
    return resolved;
  };
  const out: ResolvedResource[] = [];
  for (const [logicalId, resource] of Object.entries(template)) {
    if (resource.Condition && !resolver.condition(resource.Condition)) continue;
    out.push({
      id: `${stack.name}/${logicalId}`,
      stack: stack.name,
      logicalId,
      type: resource.Type,
      props: propertiesOf(logicalId, resource),
      physicalId: String(attributeOf({ ctx, logicalId, resource, attribute: undefined, prop: (name) => propertiesOf(logicalId, resource)[name] })),
      stackRef: stack,
      ...(typeof resource.Metadata?.['aws:cdk:path'] === 'string' ? { cdkPath: resource.Metadata['aws:cdk:path'] } : {}),
    });
  }
  for (const [name, output] of Object.entries(stack.template.Outputs ?? {})) {
    if (!output.Export) continue;
    exports.set(String(resolver.resolve(output.Export.Name, `Outputs/${name}`)), resolver.resolve(output.Value, `Outputs/${name}`));
  }
  return out;
}

/** While a resource's own properties are being resolved, only its literal names are known. */
function rawNames(resource: CfnResource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource.Properties ?? {})) if (typeof value === 'string') out[key] = value;
  return out;
}
