// gatelink-task-loader: the dist/server.js `npm start` builds for each service (scripts/build.mjs).
// It runs the service's one-file bundle (server.bundle.cjs) with Node's module compile cache on: the
// first start keeps the code V8 compiled while starting, and later starts reuse it instead of parsing
// and compiling ~0.8 MB again (four tasks share two cores while `gatelink up` starts). Node keys the
// cache by the file's content and its own version, so a changed bundle or Node never reads a stale one.
import module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** After this long the start is over: what it compiled is what the next start needs. */
const SAVE_AFTER_MS = 3000;

// Next to the bundle (a read-only dist just runs uncached), unless NODE_COMPILE_CACHE names a place.
module.enableCompileCache(process.env.NODE_COMPILE_CACHE || fileURLToPath(new URL('./.compile-cache', import.meta.url)));
// Written at exit too, but a task that is killed never exits: write what the start compiled.
setTimeout(() => module.flushCompileCache(), SAVE_AFTER_MS).unref();
createRequire(import.meta.url)('./server.bundle.cjs');
