/**
 * Runs api-service on PORT with RESULTS_TABLE from the task definition. On SIGTERM it stops
 * accepting, finishes in-flight requests and exits 0 — what ECS and the ALB's draining expect.
 */
import { exitOnStopSignal } from '@gatelink/service-kit';
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

exitOnStopSignal(logger, async (signal) => {
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  await app.close();
  items.close();
});
