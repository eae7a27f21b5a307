/**
 * Reads what a container image asset's Dockerfile says about running the image: the run stage's
 * WORKDIR, ENV, ENTRYPOINT and CMD (the final stage, or the build's `target`), and where the build
 * context lands inside the image. gatelink runs the container natively, so container paths have to
 * be mapped back onto the host.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DockerfileParser as Parser, Instruction } from 'dockerfile-ast';
import { expandVariables, globalArgs, walkStage } from './dockerfile-scope.js';
import type { DockerBuildOptions } from './dockerfile-scope.js';

export type { DockerBuildOptions } from './dockerfile-scope.js';

export interface DockerfileRunInfo {
  /** Final stage WORKDIR as a container path (`/` when never set). */
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  /** Exec-form argv (shell form becomes `['/bin/sh', '-c', line]`). */
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  /**
   * Container path the whole build context was copied to (`COPY . <dest>` in any stage), so
   * `<contextDir>` on the host stands for it; undefined when the Dockerfile never copies the context.
   */
  readonly contextMountPoint?: string;
  readonly stopSignal?: string;
  /** The run stage's base image (`FROM python:3.12-slim`), which names the language toolchain. */
  readonly baseImage?: string;
  /**
   * Binaries the run stage copies out of an earlier stage (`COPY --from=build /out/app /app`): the
   * destination, and that stage's base image and WORKDIR — a Go binary is run from its source.
   */
  readonly copiedFromStages?: readonly { readonly destination: string; readonly stageImage: string; readonly stageWorkdir: string }[];
}

export async function readDockerfile(file: string, build: DockerBuildOptions = {}): Promise<DockerfileRunInfo> {
  return parseDockerfile(await readFile(file, 'utf8'), build);
}

/** A build `target` the Dockerfile has no stage for (docker build fails the same way). */
export class UnknownStageError extends Error {
  constructor(readonly target: string, readonly stages: readonly string[]) {
    super(`the Dockerfile has no stage named ${target} (stages: ${stages.join(', ') || 'none named'})`);
  }
}

let parser: typeof Parser | undefined;

interface Scope {
  readonly globals: Readonly<Record<string, string>>;
  readonly build: DockerBuildOptions;
}

export function parseDockerfile(content: string, build: DockerBuildOptions = {}): DockerfileRunInfo {
  // Required on first use, not with the module: `gatelink up` parses while DynamoDB's thread boots,
  // instead of before it starts (~40 ms of loading). CommonJS, so a synchronous require works.
  parser ??= (createRequire(import.meta.url)('dockerfile-ast') as { DockerfileParser: typeof Parser }).DockerfileParser;
  const instructions = parser.parse(content).getInstructions();
  const scope: Scope = { globals: globalArgs(instructions, build), build };
  const all = splitStages(instructions);
  const { target } = build;
  // `docker build --target x` builds up to stage x and runs it; later stages are never built.
  const runIndex = target === undefined ? all.length - 1 : all.findIndex((stage) => stageOf(stage, scope).name === target);
  if (runIndex < 0) throw new UnknownStageError(target ?? '', all.map((stage) => stageOf(stage, scope).name).filter((name) => name !== undefined));
  const stages = all.slice(0, runIndex + 1);
  const run = stages.at(-1) ?? [];
  const info: { -readonly [K in keyof DockerfileRunInfo]: DockerfileRunInfo[K] } = { workdir: '/', env: {} };
  info.env = walkStage(run, scope, (instruction, expand) => applyFinalStageInstruction(instruction, info, expand));
  info.contextMountPoint = findContextMountPoint(stages, scope);
  const base = stageOf(run, scope).image;
  if (base) info.baseImage = base;
  const copied = copiesFromStages(run, stages, scope);
  if (copied.length > 0) info.copiedFromStages = copied;
  return info;
}

/** `FROM [--platform=…] image [AS name]`: the image (global ARGs expanded) and the stage's name. */
function stageOf(stage: Instruction[], scope: Scope): { image?: string; name?: string } {
  const from = stage[0];
  if (!from || from.getKeyword() !== 'FROM') return {};
  const args = from.getArguments().map((arg) => arg.getValue()).filter((arg) => !arg.startsWith('--'));
  const asIndex = args.findIndex((arg) => arg.toUpperCase() === 'AS');
  const image = args[0] ? expandVariables(args[0], scope.globals) : undefined;
  return { ...(image ? { image } : {}), ...(asIndex > 0 && args[asIndex + 1] ? { name: args[asIndex + 1] } : {}) };
}

/** COPY/ADD paths without flags, variables expanded. */
const copyPaths = (instruction: Instruction, expand: (value: string) => string): string[] =>
  instruction.getArguments().map((arg) => arg.getValue()).filter((arg) => !arg.startsWith('--')).map(expand);

/** `COPY --from=<stage> src dest` lines of the run stage whose stage is one of the Dockerfile's. */
function copiesFromStages(run: Instruction[], stages: Instruction[][], scope: Scope): { destination: string; stageImage: string; stageWorkdir: string }[] {
  const out: { destination: string; stageImage: string; stageWorkdir: string }[] = [];
  let workdir = '/';
  walkStage(run, scope, (instruction, expand) => {
    if (instruction.getKeyword() === 'WORKDIR') workdir = path.posix.resolve(workdir, expand(instruction.getArgumentsContent() ?? '/'));
    if (instruction.getKeyword() !== 'COPY') return;
    const from = fromFlag(instruction);
    const source = from === undefined ? undefined : stages.find((stage, index) => stageOf(stage, scope).name === from || String(index) === from);
    if (!source) return;
    const destination = path.posix.resolve(workdir, copyPaths(instruction, expand).at(-1) ?? '.');
    out.push({ destination, stageImage: stageOf(source, scope).image ?? '', stageWorkdir: stageWorkdirOf(source, scope) });
  });
  return out;
}

function stageWorkdirOf(stage: Instruction[], scope: Scope): string {
  let workdir = '/';
  walkStage(stage, scope, (instruction, expand) => {
    if (instruction.getKeyword() === 'WORKDIR') workdir = path.posix.resolve(workdir, expand(instruction.getArgumentsContent() ?? '/'));
  });
  return workdir;
}

function splitStages(instructions: Instruction[]): Instruction[][] {
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

function applyFinalStageInstruction(
  instruction: Instruction,
  info: { workdir: string; entrypoint?: readonly string[]; cmd?: readonly string[]; stopSignal?: string },
  expand: (value: string) => string,
): void {
  switch (instruction.getKeyword()) {
    case 'WORKDIR':
      info.workdir = path.posix.resolve(info.workdir, expand(instruction.getArgumentsContent() ?? '/'));
      break;
    case 'ENTRYPOINT':
      info.entrypoint = commandOf(instruction);
      // Docker resets CMD when ENTRYPOINT is set after it in the same stage.
      delete info.cmd;
      break;
    case 'CMD':
      info.cmd = commandOf(instruction);
      break;
    case 'STOPSIGNAL':
      info.stopSignal = expand(instruction.getArgumentsContent() ?? '') || undefined;
      break;
    default:
      break;
  }
}

/** Exec form (JSON array) is parsed as JSON; shell form runs through `/bin/sh -c` as Docker does. */
function commandOf(instruction: Instruction): readonly string[] {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed) && parsed.every((part) => typeof part === 'string')) return parsed;
    } catch {
      // Docker treats an invalid JSON array as shell form; so do we.
    }
  }
  return ['/bin/sh', '-c', content];
}

function findContextMountPoint(stages: Instruction[][], scope: Scope): string | undefined {
  for (const stage of stages) {
    let workdir = '/';
    let mountPoint: string | undefined;
    walkStage(stage, scope, (instruction, expand) => {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, expand(instruction.getArgumentsContent() ?? '/'));
      if (mountPoint === undefined && (keyword === 'COPY' || keyword === 'ADD') && copiesWholeContext(instruction)) {
        mountPoint = path.posix.resolve(workdir, copyPaths(instruction, expand).at(-1) ?? '.');
      }
    });
    if (mountPoint !== undefined) return mountPoint;
  }
  return undefined;
}

/** `--from=<stage>` of a COPY (dockerfile-ast keeps flags apart from the arguments). */
function fromFlag(instruction: Instruction): string | undefined {
  const flags = (instruction as unknown as { getFlags?(): { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return flags.find((flag) => flag.getName() === 'from')?.getValue() ?? undefined;
}

function copiesWholeContext(instruction: Instruction): boolean {
  const args = instruction.getArguments().map((arg) => arg.getValue());
  if (fromFlag(instruction) !== undefined) return false;
  const sources = args.filter((arg) => !arg.startsWith('--')).slice(0, -1);
  return sources.length === 1 && (sources[0] === '.' || sources[0] === './');
}
