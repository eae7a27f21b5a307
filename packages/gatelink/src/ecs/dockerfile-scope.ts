/**
 * Build-time variables of a Dockerfile as `docker build` sees them: `ARG`s (before the first FROM:
 * global, for FROM lines; inside a stage: from there on), their values from `--build-arg`
 * (`ContainerImage.fromAsset(dir, { buildArgs })`) or their defaults, and `ENV`s, which win over an
 * ARG of the same name. https://docs.docker.com/reference/dockerfile/#arg
 */
import type { Instruction } from 'dockerfile-ast';

/** What `docker build` is given besides the context: the target stage and the build arguments. */
export interface DockerBuildOptions {
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

interface PropertyLike {
  getName(): string;
  getValue(): string | null;
}

const propertiesOf = (instruction: Instruction): PropertyLike[] =>
  (instruction as unknown as { getProperties?(): PropertyLike[] }).getProperties?.() ?? [];

/** `$VAR` and `${VAR}` (and `${VAR:-default}`, `${VAR:+alt}`), as Docker expands them in build instructions. */
export function expandVariables(value: string, vars: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{(\w+)(?::([-+])([^}]*))?\}|\$(\w+)/g, (_whole, braced?: string, modifier?: string, word?: string, bare?: string) => {
    const current = vars[braced ?? bare ?? ''];
    if (modifier === '-') return current === undefined || current === '' ? (word ?? '') : current;
    if (modifier === '+') return current === undefined || current === '' ? '' : (word ?? '');
    return current ?? '';
  });
}

/** The global ARGs: those declared before the first FROM, valued from the build args or their defaults. */
export function globalArgs(instructions: readonly Instruction[], build: DockerBuildOptions): Record<string, string> {
  const globals: Record<string, string> = {};
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') break;
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const property of propertiesOf(instruction)) {
      const value = build.buildArgs?.[property.getName()] ?? property.getValue();
      if (value !== null) globals[property.getName()] = expandVariables(value, globals);
    }
  }
  return globals;
}

/**
 * Walks one stage in order, calling `visit` with each instruction and an `expand` that substitutes
 * the variables in scope before it. Returns the stage's ENV (what the image declares at run time).
 */
export function walkStage(
  stage: readonly Instruction[],
  scope: { readonly globals: Readonly<Record<string, string>>; readonly build: DockerBuildOptions },
  visit: (instruction: Instruction, expand: (value: string) => string) => void,
): Record<string, string> {
  const args: Record<string, string> = {};
  const env: Record<string, string> = {};
  const expand = (value: string): string => expandVariables(value, { ...args, ...env });
  for (const instruction of stage) {
    visit(instruction, instruction.getKeyword() === 'FROM' ? (value) => expandVariables(value, scope.globals) : expand);
    if (instruction.getKeyword() === 'ARG') declareArgs(instruction, scope, args, expand);
    if (instruction.getKeyword() === 'ENV') {
      // Every value of one ENV line is expanded with the variables as they were before the line.
      const values = propertiesOf(instruction).map((property) => [property.getName(), expand(property.getValue() ?? '')] as const);
      for (const [name, value] of values) env[name] = value;
    }
  }
  return env;
}

/** A stage's `ARG name[=default]`: the build arg, else the default, else the global of that name. */
function declareArgs(
  instruction: Instruction,
  scope: { readonly globals: Readonly<Record<string, string>>; readonly build: DockerBuildOptions },
  args: Record<string, string>,
  expand: (value: string) => string,
): void {
  for (const property of propertiesOf(instruction)) {
    const name = property.getName();
    const fallback = property.getValue() === null ? scope.globals[name] : expand(property.getValue() ?? '');
    const value = scope.build.buildArgs?.[name] ?? fallback;
    if (value !== undefined) args[name] = value;
  }
}
