/**
 * api-service: GET /items/{id} and GET /items (paginated) over the results table, GET /health for
 * the ALB's health check. Errors are `{ "message", "errors"? }` (service-kit's HttpError), never HTML.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { HttpError, KEEP_ALIVE_TIMEOUT_MS } from '@gatelink/service-kit';
import type { Items } from './items.js';

export function buildApp(items: Items, logger?: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({ ...(logger ? { loggerInstance: logger } : { logger: false }), keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, return503OnClosing: true });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).headers(error.headers).send(error.body());
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ message: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ message: 'internal error' });
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ message: `no route ${request.method} ${request.url.split('?')[0]}` }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get<{ Querystring: { limit?: string; nextToken?: string } }>('/items', async (request) => items.page(request.query));
  app.get<{ Params: { id: string } }>('/items/:id', async (request, reply) => {
    const item = await items.get(request.params.id);
    return item ?? reply.code(404).send({ message: `no item ${request.params.id} (not processed yet, or never sent)` });
  });
  return app;
}
