/**
 * Reads what a container image asset's Dockerfile says about running the image: the final stage's
 * WORKDIR, ENV, ENTRYPOINT and CMD, and where the build context lands inside the image. gatelink
 * runs the container natively, so container paths have to be mapped back onto the host.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DockerfileParser as Parser, Instruction } from 'dockerfile-ast';

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
}

export async function readDockerfile(file: string): Promise<DockerfileRunInfo> {
  return parseDockerfile(await readFile(file, 'utf8'));
}

let parser: typeof Parser | undefined;

export function parseDockerfile(content: string): DockerfileRunInfo {
  // Required on first use, not with the module: `gatelink up` parses while DynamoDB's thread boots,
  // instead of before it starts (~40 ms of loading). CommonJS, so a synchronous require works.
  parser ??= (createRequire(import.meta.url)('dockerfile-ast') as { DockerfileParser: typeof Parser }).DockerfileParser;
  const dockerfile = parser.parse(content);
  const stages = splitStages(dockerfile.getInstructions());
  const final = stages.at(-1) ?? [];
  const info: { -readonly [K in keyof DockerfileRunInfo]: DockerfileRunInfo[K] } = { workdir: '/', env: {} };
  const env: Record<string, string> = {};
  info.env = env;
  for (const instruction of final) applyFinalStageInstruction(instruction, info, env);
  info.contextMountPoint = findContextMountPoint(stages);
  return info;
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
  env: Record<string, string>,
): void {
  switch (instruction.getKeyword()) {
    case 'WORKDIR':
      info.workdir = path.posix.resolve(info.workdir, substitute(instruction.getArgumentsContent() ?? '/', env));
      break;
    case 'ENV':
      for (const property of (instruction as unknown as EnvLike).getProperties()) {
        env[property.getName()] = substitute(property.getValue() ?? '', env);
      }
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
      info.stopSignal = instruction.getArgumentsContent() ?? undefined;
      break;
    default:
      break;
  }
}

interface EnvLike {
  getProperties(): { getName(): string; getValue(): string | null }[];
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

/** `$VAR` and `${VAR}` from earlier ENV lines, as Docker expands them in WORKDIR and ENV. */
function substitute(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_whole, braced?: string, bare?: string) => env[braced ?? bare ?? ''] ?? '');
}

function findContextMountPoint(stages: Instruction[][]): string | undefined {
  for (const stage of stages) {
    let workdir = '/';
    for (const instruction of stage) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, instruction.getArgumentsContent() ?? '/');
      if ((keyword === 'COPY' || keyword === 'ADD') && copiesWholeContext(instruction)) {
        const args = instruction.getArguments().map((arg) => arg.getValue()).filter((arg) => !arg.startsWith('--'));
        const destination = args.at(-1) ?? '.';
        return path.posix.resolve(workdir, destination);
      }
    }
  }
  return undefined;
}

function copiesWholeContext(instruction: Instruction): boolean {
  const args = instruction.getArguments().map((arg) => arg.getValue());
  if (args.some((arg) => arg.startsWith('--from'))) return false;
  const sources = args.filter((arg) => !arg.startsWith('--')).slice(0, -1);
  return sources.length === 1 && (sources[0] === '.' || sources[0] === './');
}
