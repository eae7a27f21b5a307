/** The same fast build `npm start` runs first, so that gatelink starts from a fresh bundle. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './gatelink.js';

export function buildOnce(): void {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('node scripts/build.mjs failed');
}

/** A throw-away folder for logs and data dirs of this bench run. */
export function benchDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gatelink-bench-'));
}

export function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
