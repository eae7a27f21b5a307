/**
 * Runs the front end: serves the page built into dist/public (STATIC_DIR overrides) on PORT, tells
 * it the API's URL (API_URL, set by the task definition), and on SIGTERM or SIGINT finishes
 * in-flight requests and exits 0.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnStopSignal } from '@gatelink/service-kit';
import { buildFrontEnd } from './app.js';
import { loadStaticFiles } from './static-files.js';

const apiUrl = process.env.API_URL;
if (!apiUrl) {
  process.stderr.write('API_URL is not set: the task definition passes the HTTP API URL\n');
  process.exit(1);
}
// dist/server.js (or the bundle beside it) → dist/public, where Vite writes the page.
const staticDir = process.env.STATIC_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const app = buildFrontEnd({ apiUrl, files: loadStaticFiles(staticDir), logger: { level: process.env.LOG_LEVEL ?? 'info' } });
// No top-level await: the repo's `npm start` bundles this as CommonJS.
void app.listen({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? '0.0.0.0' });

exitOnStopSignal(app.log, async (signal) => {
  app.log.info({ signal }, 'stopping: finishing in-flight requests');
  await app.close();
});
