/**
 * Runs a resource service as a process: reads its environment, seeds the table, listens on PORT,
 * and on SIGTERM/SIGINT stops accepting, finishes in-flight requests and exits 0.
 */
import pino from 'pino';
import { exitOnStopSignal } from './stop-signals.js';
import { buildApp } from './app.js';
import type { ResourceDefinition } from './definition.js';
import { Repository } from './repository.js';
import { seed } from './seed.js';

export async function runService(definition: ResourceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = pino({ level: env.LOG_LEVEL ?? 'info', base: { service: `${definition.resource}-service` } });
  const tableName = env[definition.tableEnv];
  if (!tableName) {
    logger.fatal(`${definition.tableEnv} is not set: it must name the DynamoDB table of ${definition.resource}`);
    process.exit(1);
  }
  const repository = new Repository(tableName);
  const app = buildApp({ definition, repository, logger });
  // Seeding waits on DynamoDB while Fastify compiles its schemas: do both at once.
  const [seeded] = await Promise.all([seed(repository, definition), app.ready()]);
  logger.info({ table: tableName, seeded }, 'table ready');
  const port = Number(env.PORT ?? 80);
  await app.listen({ port, host: env.HOST ?? '0.0.0.0' });
  exitOnStopSignal(logger, async (signal) => {
    logger.info({ signal }, 'stopping: finishing in-flight requests');
    await app.close();
  });
}
