/**
 * Synthesizes a CDK app the way the CDK CLI does — the app command through the shell, with
 * CDK_OUTDIR and CDK_CONTEXT_JSON — and caches the result: an app whose files are unchanged is not
 * synthesized again. Asset staging is disabled so container image assets point at their source
 * folders, which gatelink runs natively.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';

export interface SynthOptions {
  readonly command: string;
  readonly cwd: string;
  readonly outdir: string;
  readonly context: Readonly<Record<string, unknown>>;
  /** Where Node ≥ 22.1 keeps the app's compiled modules between synths (NODE_COMPILE_CACHE). */
  readonly compileCacheDir?: string;
}

const KEY_FILE = '.gatelink-synth-key';
const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', 'dist', 'coverage']);
const OUTPUT_TAIL = 4_000;

export async function synthesizeCached(options: SynthOptions): Promise<{ cached: boolean; key: string }> {
  const key = synthKey(options);
  const keyFile = path.join(options.outdir, KEY_FILE);
  if (existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && existsSync(path.join(options.outdir, 'manifest.json'))) {
    return { cached: true, key };
  }
  rmSync(options.outdir, { recursive: true, force: true });
  await synthesize(options);
  writeFileSync(keyFile, key);
  return { cached: false, key };
}

export function synthContext(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...context, 'aws:cdk:disable-asset-staging': true, 'aws:cdk:enable-path-metadata': true };
}

function synthesize(options: SynthOptions): Promise<void> {
  const env = {
    ...process.env,
    CDK_OUTDIR: options.outdir,
    CDK_CONTEXT_JSON: JSON.stringify(synthContext(options.context)),
    // aws-cdk-lib's built-in CloudFormation validation (a WebAssembly rule engine) took ~5.7 of the
    // bookstore's 9.5 s synth and changes no template: `cdk synth` and `cdk deploy` still run it.
    // A CDK_VALIDATION the user set is kept.
    CDK_VALIDATION: process.env.CDK_VALIDATION ?? 'false',
    // aws-cdk-lib is ~1.6 s of module loading per synth; Node's compile cache keeps their compiled code (the
    // bookstore's synth: ~3.75 → ~3.5 s).
    ...(options.compileCacheDir && process.env.NODE_COMPILE_CACHE === undefined ? { NODE_COMPILE_CACHE: options.compileCacheDir } : {}),
    PATH: [...binDirs(options.cwd), process.env.PATH ?? ''].join(path.delimiter),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, { cwd: options.cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new GatelinkError('GL_ERR_SYNTH_FAILED', { command: options.command, exitCode: 'spawn error', output: error.message })));
    child.on('close', (code) => {
      if (code === 0 && existsSync(path.join(options.outdir, 'manifest.json'))) resolve();
      else reject(new GatelinkError('GL_ERR_SYNTH_FAILED', { command: options.command, exitCode: String(code), output: output.trim() }));
    });
  });
}

/** `node_modules/.bin` of the app folder and every folder above it, as npm scripts see them. */
function binDirs(cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '.bin');
    if (existsSync(bin)) dirs.push(bin);
    if (path.dirname(dir) === dir) return dirs;
  }
}

/** Hash of the command, the context and every source file of the app (names, sizes, contents). */
export function synthKey(options: Pick<SynthOptions, 'command' | 'cwd' | 'context'> & { outdir?: string }): string {
  const hash = createHash('sha256');
  hash.update(options.command).update('\0').update(JSON.stringify(options.context)).update('\0');
  // The output folder is never a source, wherever it lives.
  const skip = options.outdir ? path.resolve(options.outdir) : undefined;
  for (const file of sourceFiles(options.cwd, skip)) {
    hash.update(path.relative(options.cwd, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const lock = findUp(options.cwd, 'package-lock.json');
  if (lock) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

function sourceFiles(dir: string, skip?: string): string[] {
  const files: string[] = [];
  if (dir === skip) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full, skip));
    else if (entry.isFile() && statSync(full).size < 5_000_000) files.push(full);
  }
  return files;
}

function findUp(dir: string, name: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}
