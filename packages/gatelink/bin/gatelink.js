#!/usr/bin/env node
// Runs the bundled CLI (dist/cli.js, built by `npm run build`) when it is newer than every source
// file; otherwise the TypeScript sources through tsx, so an edit never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unsupportedNodeMessage } from './node-version.js';

// Before anything of gatelink's loads: an unsupported Node gets a message, not a crash from within.
const unsupported = unsupportedNodeMessage(process.version);
if (unsupported) {
  process.stderr.write(unsupported);
  process.exit(1);
}

// V8's compiled code of the modules loaded next (gatelink's and its packages') is kept between runs
// in Node's compile cache (NODE_COMPILE_CACHE, else the OS temp dir): every start after the first is shorter.
module.enableCompileCache();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(path.join(root, 'src'))) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
