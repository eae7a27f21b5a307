/**
 * Runs the movies service: listens on PORT (8080 in the image), with the database credentials ECS
 * injected from Secrets Manager, and, on SIGTERM or SIGINT, stops
 * accepting, finishes in-flight requests and exits 0 — what ECS expects before its stop timeout.
 */
import { exitOnStopSignal } from '@gatelink/service-kit';
import { buildApp } from './app.js';

// DB_USERNAME and DB_PASSWORD: container secrets, fields of the generated Secrets Manager secret.
const database = { username: process.env.DB_USERNAME, password: process.env.DB_PASSWORD };
const app = buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' }, database });
// No top-level await: the repo's `npm start` bundles this as CommonJS. A failed listen rejects, and
// Node exits 1 printing why.
void app.listen({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? '0.0.0.0' });

exitOnStopSignal(app.log, async (signal) => {
  app.log.info({ signal }, 'stopping: finishing in-flight requests');
  await app.close();
});
