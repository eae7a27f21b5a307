#!/usr/bin/env node
// The fast build `npm start` runs: transpile the services (the examples' too) and the service kit to dist/ and bundle
// gatelink's CLI, all with esbuild in one process (~0.2 s; type-checking is `npm test`'s job).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
const transpile = (pkg) =>
  build({ entryPoints: sources(path.join(root, pkg, 'src')), outdir: path.join(root, pkg, 'dist'), outbase: path.join(root, pkg, 'src'), platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' });

await Promise.all([
  transpile('packages/service-kit'),
  transpile('services/book-service'),
  transpile('services/author-service'),
  transpile('examples/cloudmap-api/service'),
  build({
    entryPoints: [path.join(root, 'packages/gatelink/src/cli/main.ts')],
    outfile: path.join(root, 'packages/gatelink/dist/cli.js'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  }),
]);
