#!/usr/bin/env node
// The fast build `npm start` runs, with esbuild in one process (type-checking is `npm test`'s job):
// - the service kit and the services (the examples' too) are transpiled to dist/, file by file, as
//   `tsc -b` would lay them out (the Docker images build with tsc);
// - each service's entry point is then bundled to dist/server.bundle.cjs, dependencies included, so
//   that a task gatelink starts loads one file instead of hundreds of modules (~40 % faster task
//   start), and dist/server.js becomes the loader that runs it with Node's compile cache;
// - gatelink's CLI is bundled to packages/gatelink/dist/cli.js (and its on-demand chunks);
// - the console's page is built by Vite into packages/console/dist/, and the Cloud Map example's front
//   end page into examples/cloudmap-api/frontend/dist/public/.
// Outputs newer than every input are left alone, so an unchanged tree builds in a few milliseconds.
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
const newest = (files) => Math.max(0, ...files.map((file) => statSync(file).mtimeMs));
const upToDate = (output, inputs) => !force && existsSync(output) && statSync(output).mtimeMs >= newest([...inputs, path.join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]);

// esbuild is loaded only when something is out of date: an unchanged tree builds in ~50 ms.
let esbuild;
const build = async (options) => (esbuild ??= await import('esbuild')).build(options);

const common = { platform: 'node', format: 'esm', target: 'node22', sourcemap: true, logLevel: 'warning' };

async function transpile(pkg) {
  const src = path.join(root, pkg, 'src');
  const files = sources(src);
  const marker = path.join(root, pkg, 'dist', 'index.js');
  if (upToDate(existsSync(marker) ? marker : path.join(root, pkg, 'dist', 'server.js'), files)) return;
  await build({ ...common, entryPoints: files, outdir: path.join(root, pkg, 'dist'), outbase: src });
}

/** `tsc -b` (npm run typecheck) writes its own dist/server.js over the task loader: rebuild then. */
function isTaskLoader(file) {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(200);
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  return head.toString('utf8').includes('gatelink-task-loader');
}

/**
 * What a package loads with `import()` it needs only sometimes: the AWS SDK imports each credential
 * source but the first (environment variables, which a task always has) that way, and the STS/SSO
 * clients behind them. Such an import stays a load from node_modules at run time instead of code
 * every task parses at start (~0.2 MB) — when node_modules there holds the same package the bundler
 * found, so the code that would run is the one that was bundled (else it is bundled as usual).
 */
function loadOnDemand(outdir) {
  const marker = `${path.sep}node_modules${path.sep}`;
  const packageRoot = (file) => {
    const at = file.lastIndexOf(marker);
    if (at < 0) return undefined;
    const [first = '', second = ''] = file.slice(at + marker.length).split(path.sep);
    return file.slice(0, at + marker.length) + (first.startsWith('@') ? `${first}${path.sep}${second}` : first);
  };
  return {
    name: 'load-on-demand',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.onDemand) return undefined;
        const resolve = (resolveDir) => pluginBuild.resolve(args.path, { kind: args.kind, resolveDir, importer: args.importer, pluginData: { ...args.pluginData, onDemand: true } });
        const [bundled, atRunTime] = await Promise.all([resolve(args.resolveDir), resolve(outdir)]);
        if (bundled.errors.length > 0 || atRunTime.errors.length > 0) return undefined;
        const same = packageRoot(bundled.path) !== undefined && packageRoot(bundled.path) === packageRoot(atRunTime.path);
        return same ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

/**
 * A task parses and runs its whole bundle at every start, and `gatelink up` starts four at once on
 * two cores, so the bundle is made cheap to load (measured per task on this machine):
 * - packages' ES module builds first, as CDK's NodejsFunction bundles for ESM: esbuild then leaves
 *   out what the service never imports (most of the AWS SDK's DynamoDB client), ~-0.5 MB;
 * - license comments go to server.bundle.cjs.LEGAL.txt: one non-ASCII character in them made V8
 *   hold the whole source as UTF-16 (slower to decode and to scan);
 * - whitespace and syntax minified, identifiers kept (stack traces still name functions), ~-40 %;
 * - Fastify's schema compilers left out: service-kit loads them when a route first needs them
 *   (Ajv, ajv-formats and fast-json-stringify, ~0.4 MB, and their compile at every start);
 * - what packages load with `import()` left to load on demand (loadOnDemand), ~-0.2 MB;
 * - CommonJS, run by dist/server.js (scripts/task-loader.mjs) with Node's compile cache, so that a
 *   start after the first compiles less. No import() is left in it (they become require(): one
 *   file, nothing loaded behind the cache's back), and import.meta.url is the bundle's own URL.
 */
/** Fastify's schema compilers (and Ajv, fast-json-stringify behind them), which service-kit loads when a route first needs them. */
const LAZY_COMPILERS = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];
const serviceBundle = {
  format: 'cjs',
  bundle: true,
  supported: { 'dynamic-import': false },
  banner: { js: "'use strict'; const __gatelinkImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__gatelinkImportMetaUrl' },
  mainFields: ['module', 'main'],
  legalComments: 'external',
  minifyWhitespace: true,
  minifySyntax: true,
  external: LAZY_COMPILERS,
};
const servicePlugins = (outdir) => [loadOnDemand(outdir)];
const TASK_LOADER = path.join(root, 'scripts/task-loader.mjs');

async function service(pkg) {
  const dist = path.join(root, pkg, 'dist');
  const output = path.join(dist, 'server.js');
  const inputs = [...sources(path.join(root, pkg, 'src')), ...sources(path.join(root, 'packages/service-kit/src')), TASK_LOADER];
  if (upToDate(output, inputs) && isTaskLoader(output)) return;
  await transpile(pkg);
  const bundle = path.join(dist, 'server.bundle.cjs');
  await build({ ...common, ...serviceBundle, plugins: servicePlugins(dist), entryPoints: [path.join(root, pkg, 'src', 'server.ts')], outfile: bundle });
  // The V8 code caches of the loader of old (Node 20 had no compile cache) are never read again.
  for (const file of readdirSync(dist)) if (file.startsWith('server.bundle.cjs.') && file.endsWith('.cache')) rmSync(path.join(dist, file));
  copyFileSync(TASK_LOADER, output);
}

/**
 * The CLI: dist/cli.js plus dist/chunks/, one chunk per part loaded on demand (each subcommand; the
 * data plane, which `up` loads after launching tasks), so that a part's code and the packages it
 * imports are read only when it runs. Packages stay external (node_modules), except zod: its `mini`
 * build, bundled, is the ~50 KB the CLI uses instead of ~170 ms of modules on every start.
 */
const BUNDLED_PACKAGES = new Set(['zod']);

async function cli() {
  const gatelink = path.join(root, 'packages/gatelink');
  const output = path.join(gatelink, 'dist/cli.js');
  if (upToDate(output, sources(path.join(gatelink, 'src')))) return;
  const { dependencies } = JSON.parse(readFileSync(path.join(gatelink, 'package.json'), 'utf8'));
  const external = Object.keys(dependencies).filter((name) => !BUNDLED_PACKAGES.has(name)).flatMap((name) => [name, `${name}/*`]);
  rmSync(path.join(gatelink, 'dist/chunks'), { recursive: true, force: true });
  await build({
    ...common,
    // The SQS engine's worker thread runs a module of its own (src/engines/sqs/engine.ts finds it).
    entryPoints: { cli: path.join(gatelink, 'src/cli/main.ts'), 'sqs-thread': path.join(gatelink, 'src/engines/sqs/thread.ts') },
    outdir: path.join(gatelink, 'dist'),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    external,
  });
}

/** A page built by Vite, skipped while its built index.html is newer than every source. */
async function vitePage({ what, dir, sources: folders, config, output, viteRoot }) {
  const files = (file) => (statSync(file).isDirectory() ? readdirSync(file).flatMap((name) => files(path.join(file, name))) : [file]);
  const inputs = [...folders.flatMap((folder) => files(path.join(dir, folder))), path.join(dir, config)];
  if (upToDate(path.join(dir, output), inputs)) return;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write(`build: Vite is not installed (npm install), so ${what} is not built\n`);
    return;
  }
  // An inline root would win over the config file's: given only where the config sets none.
  await vite.build({ ...(viteRoot ? { root: viteRoot } : {}), configFile: path.join(dir, config), logLevel: 'warn' });
}

/** The console's page (packages/console), which gatelink serves at the admin port's root (a note instead when missing). */
const consoleUi = () => vitePage({ what: 'the console page', dir: path.join(root, 'packages/console'), viteRoot: path.join(root, 'packages/console'), sources: ['src', 'index.html'], config: 'vite.config.ts', output: 'dist/index.html' });

/** The Cloud Map example's front end page (its vite.config.ts sets web/ as the root), which its server serves from dist/public. */
const moviesPage = () => vitePage({ what: 'the movies front end page', dir: path.join(root, 'examples/cloudmap-api/frontend'), sources: ['web'], config: 'vite.config.ts', output: 'dist/public/index.html' });

await transpile('packages/service-kit');
await Promise.all([service('services/book-service'), service('services/author-service'), service('examples/cloudmap-api/service'), service('examples/cloudmap-api/frontend'), service('examples/queue-worker/api-service'), service('examples/queue-worker/processing-service'), service('examples/rest-proxy/webpage-service'), cli(), consoleUi(), moviesPage()]);
