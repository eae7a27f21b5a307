/**
 * Runs processing-service: QUEUE_URL and RESULTS_TABLE from the task definition, the SDK's standard
 * environment for everything else. On SIGTERM (ECS's stop) it stops polling, finishes the messages
 * it holds and exits 0 well within the task's stop timeout.
 */
import { exitOnStopSignal } from '@gatelink/service-kit';
import pino from 'pino';
import { ResultStore } from './results.js';
import { Worker } from './worker.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'processing-service' } });
const queueUrl = process.env.QUEUE_URL;
const tableName = process.env.RESULTS_TABLE;
if (!queueUrl || !tableName) {
  logger.fatal('QUEUE_URL and RESULTS_TABLE must be set (the task definition sets both)');
  process.exit(1);
}
const results = new ResultStore(tableName);
const worker = new Worker({ queueUrl, results, logger });
worker.start();
logger.info({ queueUrl, tableName }, 'polling');

exitOnStopSignal(logger, async (signal) => {
  logger.info({ signal }, 'stopping: finishing the messages in hand');
  await worker.stop();
  logger.info({ processed: worker.processed }, 'stopped');
  worker.close();
  results.close();
});
