/**
 * Any language, natively: the program an image's CMD/ENTRYPOINT names is looked up on this machine
 * (an image's own path such as `/usr/local/bin/python3` by its name on PATH), `python` falls back to
 * `python3`, a Go binary built in an earlier stage runs from its source with `go run`, and a program
 * that is not installed is an error naming it and the toolchain it belongs to — never a task that
 * dies at spawn with ENOENT.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import type { DockerfileRunInfo } from './dockerfile.js';

export interface NativeCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** Why a command cannot run here; run-spec.ts turns it into the registry's error. */
export type CommandProblem =
  | { readonly kind: 'missing-program'; readonly program: string; readonly language: string }
  | { readonly kind: 'missing-file'; readonly file: string; readonly detail: string };

/** Which toolchain a program belongs to, for the error that names what to install. */
const TOOLCHAINS: readonly { readonly pattern: RegExp; readonly language: string }[] = [
  { pattern: /^(python[\d.]*|pip[\d.]*|gunicorn|uvicorn|flask|hypercorn|waitress-serve)$/, language: 'Python 3' },
  { pattern: /^(java|javac|jshell)$/, language: 'Java (a JDK; 11 or later runs a single-file source: java App.java)' },
  { pattern: /^go$/, language: 'Go' },
  { pattern: /^(node|npm|npx)$/, language: 'Node.js' },
  { pattern: /^(ruby|bundle|rails|puma)$/, language: 'Ruby' },
  { pattern: /^(dotnet)$/, language: '.NET' },
];

export function languageOf(program: string): string {
  const name = path.basename(program);
  return TOOLCHAINS.find((toolchain) => toolchain.pattern.test(name))?.language ?? `the program ${name}`;
}

/** The executable `program` names on this machine: a path as is, a bare name searched on PATH. */
export function findProgram(program: string, searchPath: string = process.env.PATH ?? ''): string | undefined {
  if (program.includes('/')) return isExecutable(program) ? program : undefined;
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The program to spawn for an image's `program`: itself when it exists here, else its name on PATH
 * (images put interpreters in /usr/local/bin; this machine may keep them elsewhere), and `python`
 * as `python3` where only Python 3 is installed (as on Debian and macOS).
 */
export function hostProgram(program: string, searchPath?: string, cwd: string = process.cwd()): string | CommandProblem {
  // `./server` is relative to the container's working directory, as spawn resolves it.
  const local = program.includes('/') && !path.isAbsolute(program) ? findProgram(path.resolve(cwd, program)) : undefined;
  if (local) return program;
  const asFile = program.includes('/') ? path.resolve(cwd, program) : undefined;
  if (asFile && existsSync(asFile) && !findProgram(asFile)) {
    return { kind: 'missing-file', file: asFile, detail: `${asFile} exists but is not executable here (the image may set its mode): \`chmod +x\` it` };
  }
  const found = findProgram(program, searchPath) ?? (program.startsWith('/') ? findProgram(path.basename(program), searchPath) : undefined);
  if (found) return program.includes('/') ? found : program;
  const name = path.basename(program);
  if (name === 'python' && findProgram('python3', searchPath)) return 'python3';
  return { kind: 'missing-program', program: name, language: languageOf(name) };
}

const GOLANG = /(^|\/)golang(:|@|$)/;

/**
 * A run stage that copies its program out of a Go build stage (`FROM golang … go build`, then
 * `COPY --from=build /out/server /server`): natively the source runs with `go run .` in the build
 * stage's WORKDIR, mapped onto the build context. Undefined when the program is not such a binary.
 */
export function goSourceOf(program: string, info: DockerfileRunInfo, toHost: (containerPath: string) => string): string | undefined {
  // One stage on a golang image that builds and runs its binary (`RUN go build -o server .`, `CMD ["./server"]`).
  if (GOLANG.test(info.baseImage ?? '')) return toHost(info.workdir);
  const copy = info.copiedFromStages?.find(
    (entry) => GOLANG.test(entry.stageImage) && (entry.destination === program || entry.destination === path.posix.dirname(program)),
  );
  return copy ? toHost(copy.stageWorkdir) : undefined;
}

/** `java -jar app.jar`: the jar must exist natively (the image builds it; natively it is built first). */
export function javaJarProblem(program: string, args: readonly string[], cwd: string): CommandProblem | undefined {
  if (path.basename(program) !== 'java') return undefined;
  const jarIndex = args.indexOf('-jar');
  const jar = jarIndex >= 0 ? args[jarIndex + 1] : undefined;
  if (!jar) return undefined;
  const resolved = path.resolve(cwd, jar);
  if (existsSync(resolved)) return undefined;
  return { kind: 'missing-file', file: resolved, detail: `${resolved} does not exist: the image builds the jar, natively it must be built first (e.g. \`mvn package\` or \`gradle build\`), or run the source with an override` };
}
