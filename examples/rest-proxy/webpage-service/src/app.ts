/**
 * The webpage service of seed 003: GET /webpage (and anything under it) answers a small HTML page,
 * GET /webpage/info the same facts as JSON, GET /health the load balancer's and the container's
 * health check. Both name the service and its language, so a caller can tell which one answered.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { KEEP_ALIVE_TIMEOUT_MS } from '@gatelink/service-kit';

export const IDENTITY = { service: 'webpage', language: 'typescript', runtime: `node ${process.version}`, framework: 'fastify' } as const;

export function buildApp(logger?: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({ ...(logger ? { loggerInstance: logger } : { logger: false }), keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, return503OnClosing: true });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ ...IDENTITY, message: `no route ${request.method} ${request.url.split('?')[0]}` }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/webpage/info', async (request) => ({ ...IDENTITY, path: request.url }));
  const page = async (_request: unknown, reply: { type(value: string): unknown }): Promise<string> => {
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>webpage</title></head><body data-service="${IDENTITY.service}" data-language="${IDENTITY.language}"><h1>Hello World from the webpage service!</h1><p>Served by TypeScript on ${IDENTITY.runtime} (${IDENTITY.framework}).</p></body></html>`;
  };
  app.get('/webpage', page);
  app.get('/webpage/*', page);
  return app;
}
