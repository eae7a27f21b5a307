/**
 * Template parameters, as CloudFormation takes them: a value passed with `--parameters` (`Name=value`
 * for every stack that declares it, `Stack:Name=value` for one, as `cdk deploy --parameters`), else
 * the `Default`; checked against the parameter's type and constraints. Every problem of every stack
 * is collected, so one error names them all. Values of `NoEcho` parameters never appear in a message.
 *
 * AWS-specific types (`AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>` …) only name infrastructure
 * that exists in an account; locally the value is taken as given (its shape is checked, not that
 * it exists). `AWS::SSM::Parameter::Value<…>` types are resolved from the local SSM store.
 */
import type { AssemblyStack, CfnParameter } from '../assembly/index.js';

export interface ParameterInput {
  /** `Name` or `Stack:Name` → value, as given on the command line. */
  readonly given?: Readonly<Record<string, string>>;
  /** The local SSM store (`gatelink secrets set --parameter`, the template's own parameters). */
  readonly ssmParameter?: (name: string) => string | undefined;
}

export interface StackParameters {
  /** Parameter name → what `Ref` gives (a string, or a list for list types). */
  readonly values: ReadonlyMap<string, unknown>;
  /** SSM-typed parameters whose SSM parameter is not in the local store (a stand-in was used). */
  readonly standIns: readonly string[];
}

const SSM_VALUE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/** Shapes CloudFormation's AWS-specific types take, so a value meant for another type is caught. */
const ID_SHAPES: Readonly<Record<string, RegExp>> = {
  'AWS::EC2::VPC::Id': /^vpc-[0-9a-f]+$/,
  'AWS::EC2::Subnet::Id': /^subnet-[0-9a-f]+$/,
  'AWS::EC2::SecurityGroup::Id': /^sg-[0-9a-f]+$/,
  'AWS::EC2::Image::Id': /^ami-[0-9a-f]+$/,
  'AWS::EC2::Instance::Id': /^i-[0-9a-f]+$/,
  'AWS::EC2::Volume::Id': /^vol-[0-9a-f]+$/,
};

/** Resolves every stack's parameters; `problems` collects what CloudFormation would refuse. */
export function resolveParameters(stacks: readonly AssemblyStack[], input: ParameterInput, problems: string[]): Map<string, StackParameters> {
  const given = input.given ?? {};
  reportUnknown(stacks, given, problems);
  const out = new Map<string, StackParameters>();
  for (const stack of stacks) {
    const values = new Map<string, unknown>();
    const standIns: string[] = [];
    const used = referencedParameters(stack);
    for (const [name, parameter] of Object.entries(stack.template.Parameters ?? {})) {
      const raw = given[`${stack.name}:${name}`] ?? given[name] ?? (parameter.Default === undefined ? undefined : String(parameter.Default));
      if (raw === undefined) {
        problems.push(`${stack.name}:${name} (${parameter.Type ?? 'String'}) has no value and no Default`);
        continue;
      }
      const problem = checkValue(parameter, raw);
      if (problem) problems.push(`${stack.name}:${name} ${problem}`);
      values.set(name, refValue(name, parameter, raw, input.ssmParameter, standIns));
    }
    // Only stand-ins something uses are worth a warning (CDK's BootstrapVersion is read by a Rule only).
    out.set(stack.name, { values, standIns: standIns.filter((entry) => used.has(entry.slice(0, entry.indexOf(' ')))) });
  }
  return out;
}

/** CloudFormation refuses a value for a parameter the template does not declare. */
function reportUnknown(stacks: readonly AssemblyStack[], given: Readonly<Record<string, string>>, problems: string[]): void {
  for (const key of Object.keys(given)) {
    const [stackName, name] = key.includes(':') ? (key.split(/:(.*)/s) as [string, string]) : [undefined, key];
    const candidates = stackName === undefined ? stacks : stacks.filter((stack) => stack.name === stackName);
    if (stackName !== undefined && candidates.length === 0) problems.push(`--parameters ${key}: no stack named ${stackName} (stacks: ${stacks.map((s) => s.name).join(', ')})`);
    else if (!candidates.some((stack) => stack.template.Parameters?.[name] !== undefined)) problems.push(`--parameters ${key}: no stack declares a parameter ${name}`);
  }
}

/** Parameters named by a `Ref` or a `${Name}` of `Fn::Sub` in the resources, outputs or conditions. */
function referencedParameters(stack: AssemblyStack): Set<string> {
  const { Resources, Outputs, Conditions } = stack.template;
  const text = JSON.stringify([Resources, Outputs, Conditions]);
  const names = Object.keys(stack.template.Parameters ?? {});
  return new Set(names.filter((name) => text.includes(`{"Ref":${JSON.stringify(name)}}`) || text.includes(`\${${name}}`)));
}

function isList(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

function refValue(name: string, parameter: CfnParameter, raw: string, ssm: ParameterInput['ssmParameter'], standIns: string[]): unknown {
  const type = parameter.Type ?? 'String';
  const ssmType = SSM_VALUE.exec(type)?.[1];
  if (ssmType !== undefined) {
    const stored = ssm?.(raw);
    if (stored === undefined) standIns.push(`${name} (SSM parameter ${raw})`);
    const value = stored ?? `<SSM parameter ${raw}>`;
    return isList(ssmType) ? splitList(value) : value;
  }
  return isList(type) ? splitList(raw) : raw;
}

function splitList(value: string): string[] {
  return value === '' ? [] : value.split(',').map((item) => item.trim());
}

/** What CloudFormation checks: the type's shape, AllowedValues/Pattern, lengths and number bounds. */
function checkValue(parameter: CfnParameter, raw: string): string | undefined {
  const type = parameter.Type ?? 'String';
  const shown = noEcho(parameter) ? '(value hidden: NoEcho)' : JSON.stringify(raw);
  const elementType = /^List<(.+)>$/.exec(type)?.[1] ?? type;
  const items = isList(type) ? splitList(raw) : [raw];
  const shape = ID_SHAPES[elementType];
  if (shape && !items.every((item) => shape.test(item))) return `${shown} is not a valid ${elementType}`;
  if (elementType === 'Number' && !items.every((item) => item !== '' && Number.isFinite(Number(item)))) return `${shown} is not a number`;
  if (parameter.AllowedValues && !items.every((item) => parameter.AllowedValues?.map(String).includes(item))) return `${shown} is not one of AllowedValues ${parameter.AllowedValues.map(String).join(', ')}`;
  if (parameter.AllowedPattern !== undefined && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(raw)) return `${shown} does not match AllowedPattern ${parameter.AllowedPattern}${constraint(parameter)}`;
  if (parameter.MinLength !== undefined && raw.length < Number(parameter.MinLength)) return `is shorter than MinLength ${parameter.MinLength}${constraint(parameter)}`;
  if (parameter.MaxLength !== undefined && raw.length > Number(parameter.MaxLength)) return `is longer than MaxLength ${parameter.MaxLength}${constraint(parameter)}`;
  if (parameter.MinValue !== undefined && Number(raw) < Number(parameter.MinValue)) return `${shown} is below MinValue ${parameter.MinValue}${constraint(parameter)}`;
  if (parameter.MaxValue !== undefined && Number(raw) > Number(parameter.MaxValue)) return `${shown} is above MaxValue ${parameter.MaxValue}${constraint(parameter)}`;
  return undefined;
}

function constraint(parameter: CfnParameter): string {
  return parameter.ConstraintDescription ? ` (${parameter.ConstraintDescription})` : '';
}

export function noEcho(parameter: CfnParameter): boolean {
  return parameter.NoEcho === true || parameter.NoEcho === 'true';
}

/** Parses `--parameters` items: `Name=value` or `Stack:Name=value` (the value may contain `=`). */
export function parseParameterFlags(items: readonly string[], problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) {
      problems.push(`--parameters ${item.split('=')[0]}: expected Name=value or Stack:Name=value`);
      continue;
    }
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}
