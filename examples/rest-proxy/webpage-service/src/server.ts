/**
 * Runs the webpage service on PORT (5000 in the task definition). On SIGTERM it stops accepting,
 * finishes in-flight requests and exits 0 — what ECS and the load balancer's draining expect.
 */
import { exitOnStopSignal } from '@gatelink/service-kit';
import pino from 'pino';
import { buildApp } from './app.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'webpage' } });
const app = buildApp(logger);
// No top-level await: the repo's `npm start` bundles this as CommonJS.
void app.listen({ port: Number(process.env.PORT ?? 5000), host: process.env.HOST ?? '0.0.0.0' });

exitOnStopSignal(logger, async (signal) => {
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  await app.close();
});
