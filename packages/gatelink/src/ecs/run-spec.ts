/**
 * How to run one container natively: which program, arguments, working directory and environment.
 * Sources, in order: an explicit override (gatelink.config.json), the image asset's Dockerfile (final
 * stage WORKDIR/ENV/ENTRYPOINT/CMD, with container paths mapped onto the build context on this
 * machine), then the asset folder's package.json `start` script. Anything else is a clear error
 * naming the container.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';
import type { ContainerPlan } from '../plan/types.js';
import { readDockerfile, UnknownStageError } from './dockerfile.js';
import type { DockerBuildOptions, DockerfileRunInfo } from './dockerfile.js';
import { goSourceOf, hostProgram, javaJarProblem } from './languages.js';
import type { CommandProblem } from './languages.js';

export interface ContainerOverride {
  readonly command?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunSpec {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Environment the image declares (Dockerfile ENV); the task definition's is layered on later. */
  readonly imageEnv: Readonly<Record<string, string>>;
  readonly stopSignal: NodeJS.Signals;
  readonly source: 'override' | 'dockerfile' | 'package.json';
}

export interface RunSpecInput {
  readonly serviceName: string;
  readonly container: ContainerPlan;
  readonly override?: ContainerOverride;
  /** Directory relative override paths are resolved against (where gatelink.config.json is). */
  readonly projectDir: string;
  /** Reads a Dockerfile's run info; a `DockerfileCache` spares the parse of an unchanged one. */
  readonly readDockerfile?: (file: string, build?: DockerBuildOptions) => Promise<DockerfileRunInfo>;
}

export async function resolveRunSpec(input: RunSpecInput): Promise<RunSpec> {
  const { container, override } = input;
  if (override?.command && override.command.length > 0) return fromOverride(input, override);
  if (container.image.kind !== 'asset') {
    throw new GatelinkError('GL_ERR_ECS_REGISTRY_IMAGE', { container: container.name, service: input.serviceName, image: container.image.uri });
  }
  const contextDir = container.image.directory;
  const dockerfilePath = path.resolve(contextDir, container.image.dockerfile);
  if (existsSync(dockerfilePath)) {
    const { target, buildArgs } = container.image;
    const info = await readRunInfo(input, dockerfilePath, { ...(target ? { target } : {}), ...(buildArgs ? { buildArgs } : {}) });
    const spec = fromDockerfile(input, contextDir, info);
    if (spec) return spec;
  }
  const fromPackage = fromPackageJson(input, contextDir);
  if (fromPackage) return fromPackage;
  throw noRunSpec(input, `neither ${dockerfilePath} (with CMD or ENTRYPOINT) nor ${path.join(contextDir, 'package.json')} (with a start script) says how to start it`);
}

async function readRunInfo(input: RunSpecInput, dockerfilePath: string, build: DockerBuildOptions): Promise<DockerfileRunInfo> {
  try {
    return await (input.readDockerfile ?? readDockerfile)(dockerfilePath, build);
  } catch (error) {
    if (error instanceof UnknownStageError) throw noRunSpec(input, `the image is built with target ${error.target}, but ${dockerfilePath} has no such stage (stages: ${error.stages.join(', ') || 'none named'})`);
    throw error;
  }
}

function fromOverride(input: RunSpecInput, override: ContainerOverride): RunSpec {
  const [program, ...args] = override.command ?? [];
  const cwd = path.resolve(input.projectDir, override.cwd ?? '.');
  return {
    program: nativeProgram(input, program ?? '', cwd),
    args,
    cwd,
    imageEnv: { ...override.env },
    stopSignal: 'SIGTERM',
    source: 'override',
  };
}

function fromDockerfile(input: RunSpecInput, contextDir: string, info: DockerfileRunInfo): RunSpec | undefined {
  const { container } = input;
  // The task definition's EntryPoint/Command replace the image's, exactly as ECS does.
  const entrypoint = container.entryPoint ?? info.entrypoint ?? [];
  const cmd = container.command ?? info.cmd ?? [];
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) return undefined;
  const workdir = container.workingDirectory ?? info.workdir;
  const toHost = (containerPath: string): string => mapContainerPath(containerPath, contextDir, info.contextMountPoint);
  const cwd = toHost(workdir);
  if (!existsSync(cwd)) {
    throw noRunSpec(input, `the image's working directory ${workdir} maps to ${cwd}, which does not exist on this machine`);
  }
  const [program = '', ...rest] = argv.map((arg) => (arg.startsWith('/') && info.contextMountPoint && isUnder(arg, info.contextMountPoint) ? toHost(arg) : arg));
  const goSource = !existsSync(path.resolve(cwd, program)) && (program.startsWith('/') || program.startsWith('./')) ? goSourceOf(program, info, toHost) : undefined;
  if (goSource !== undefined) {
    // The image runs a binary its Go build stage compiled; natively the source runs, with its arguments.
    return { program: nativeProgram(input, 'go'), args: ['run', '.', ...rest], cwd: goSource, imageEnv: info.env, stopSignal: toSignal(info.stopSignal), source: 'dockerfile' };
  }
  assertScriptExists(input, program, rest, cwd);
  const jar = javaJarProblem(program, rest, cwd);
  if (jar) throw problemError(input, jar);
  return { program: nativeProgram(input, program, cwd), args: rest, cwd, imageEnv: info.env, stopSignal: toSignal(info.stopSignal), source: 'dockerfile' };
}

/** Node runs as the Node.js that runs gatelink; any other program as this machine has it, or a clear error. */
function nativeProgram(input: RunSpecInput, program: string, cwd?: string): string {
  const node = mapProgram(program);
  if (node !== program) return node;
  const found = hostProgram(program, undefined, cwd);
  if (typeof found !== 'string') throw problemError(input, found);
  return found;
}

function problemError(input: RunSpecInput, problem: CommandProblem): GatelinkError {
  if (problem.kind === 'missing-file') return noRunSpec(input, problem.detail);
  return new GatelinkError('GL_ERR_ECS_MISSING_PROGRAM', { container: input.container.name, service: input.serviceName, program: problem.program, language: problem.language });
}

function fromPackageJson(input: RunSpecInput, contextDir: string): RunSpec | undefined {
  const file = path.join(contextDir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  const start = pkg.scripts?.start;
  if (!start) return undefined;
  const direct = /^node\s+([^\s;&|]+)$/.exec(start.trim());
  if (direct?.[1]) {
    assertScriptExists(input, 'node', [direct[1]], contextDir);
    return { program: process.execPath, args: [direct[1]], cwd: contextDir, imageEnv: {}, stopSignal: 'SIGTERM', source: 'package.json' };
  }
  return { program: '/bin/sh', args: ['-c', execWhenSimple(start)], cwd: contextDir, imageEnv: {}, stopSignal: 'SIGTERM', source: 'package.json' };
}

/**
 * A start script that is one simple command runs as `exec <command>`: the shell gatelink wraps it in
 * becomes the app, so the stop signal reaches the app (dash would die of it and leave the app to the
 * SIGKILL that ends the task's process group). A script with shell syntax keeps its shell.
 */
export function execWhenSimple(script: string): string {
  const command = script.trim();
  const firstWord = command.split(/\s+/)[0] ?? '';
  const simple = /^[^;&|<>()`$\n\\]+$/.test(command) && !firstWord.includes('='); // NAME=value cmd: exec would run "NAME=value"
  return simple ? `exec ${command}` : script;
}

/** A container path under the build context's mount point maps into the context dir on the host. */
export function mapContainerPath(containerPath: string, contextDir: string, mountPoint: string | undefined): string {
  if (mountPoint && isUnder(containerPath, mountPoint)) {
    return path.join(contextDir, path.posix.relative(mountPoint, containerPath));
  }
  // Without a `COPY . <dir>` we cannot know; the context root is the only sensible place.
  return contextDir;
}

function isUnder(child: string, parent: string): boolean {
  const relative = path.posix.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.posix.isAbsolute(relative));
}

/** Run `node` with the Node.js that runs gatelink, so the task uses a known, supported runtime. */
function mapProgram(program: string): string {
  return program === 'node' || program === '/usr/local/bin/node' ? process.execPath : program;
}

/** Node options whose value is the next argument (`node --import tsx app.js`): that value is not the script. */
const NODE_OPTIONS_WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--env-file', '--input-type', '--conditions', '-C', '--title']);

/** The script node would run, or undefined when there is none (`-e`, `-p`, a REPL). */
export function scriptArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') return undefined;
    if (NODE_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

function assertScriptExists(input: RunSpecInput, program: string, args: readonly string[], cwd: string): void {
  if (program !== 'node' && program !== '/usr/local/bin/node') return;
  const script = scriptArgument(args);
  if (!script) return;
  const resolved = path.resolve(cwd, script);
  if (!existsSync(resolved)) {
    throw noRunSpec(input, `${resolved} does not exist: the image builds it, natively it must be built first (e.g. \`npm run build\`)`);
  }
}

function toSignal(signal: string | undefined): NodeJS.Signals {
  if (!signal) return 'SIGTERM';
  const name = signal.startsWith('SIG') ? signal : `SIG${signal}`;
  return name as NodeJS.Signals;
}

function noRunSpec(input: RunSpecInput, detail: string): GatelinkError {
  return new GatelinkError('GL_ERR_ECS_NO_RUN_SPEC', { container: input.container.name, service: input.serviceName, detail });
}
