/**
 * Runs api-service on PORT with RESULTS_TABLE from the task definition. On SIGTERM it stops
 * accepting, finishes in-flight requests and exits 0 — what ECS and the ALB's draining expect.
 */
import pino from 'pino';
import { buildApp } from './app.js';
import { Items } from './items.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'api-service' } });
const tableName = process.env.RESULTS_TABLE;
if (!tableName) {
  logger.fatal('RESULTS_TABLE must be set (the task definition sets it)');
  process.exit(1);
}
const items = new Items(tableName);
const app = buildApp(items, logger);
// No top-level await: the repo's `npm start` bundles this as CommonJS.
void app.listen({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? '0.0.0.0' });

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  app.close().then(
    () => {
      items.close();
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    },
  );
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
