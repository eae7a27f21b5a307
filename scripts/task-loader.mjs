// gatelink-task-loader: the dist/server.js `npm start` builds for each service (scripts/build.mjs).
// It runs the service's one-file bundle (server.bundle.cjs) through V8's code cache: the first start
// saves the functions V8 compiled while starting, and later starts reuse them instead of parsing and
// compiling ~0.8 MB again (four tasks share two cores while `gatelink up` starts).
// Why not Node's module compile cache (module.enableCompileCache, which gatelink itself uses): it
// keeps only what V8 compiled before the bundle ran (~0.33 MB for book-service), while this cache is
// taken 3 s into the start and holds the functions the start compiled lazily too (~1 MB), so a warm
// task start compiles less (measured: docs/architecture.md, "Node"). Hence CommonJS through
// vm.Script; the bundle has no import() (an import() in cached code loses Node's callback).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// The bundle's content hash, written in by the build: a cache of other code is never read.
const BUNDLE_HASH = 'unbuilt';
/** After this long the start is over: what it compiled is what the next start needs. */
const SAVE_AFTER_MS = 3000;

const bundle = fileURLToPath(new URL('./server.bundle.cjs', import.meta.url));
const cacheFile = `${bundle}.${BUNDLE_HASH}.cache`;

function readCache() {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (two tasks of a service start at once); a read-only dist just runs uncached. */
function saveCache(script) {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    rmSync(partial, { force: true });
  }
}

const cachedData = readCache();
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
// Rejected when Node (V8) or its flags changed since the cache was saved: save a new one.
if (cachedData === undefined || script.cachedDataRejected === true) setTimeout(() => saveCache(script), SAVE_AFTER_MS).unref();
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
