/**
 * Builds a resource service's Fastify app: JSON logs with request ids, strict body validation, and
 * one error shape for everything that goes wrong — `{ "message", "errors"? }`, never HTML.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ResourceDefinition } from './definition.js';
import { HttpError } from './http-error.js';
import { lazyCompilers } from './lazy-compilers.js';
import type { Repository } from './repository.js';
import { registerRoutes } from './routes.js';

export interface AppOptions {
  readonly definition: ResourceDefinition;
  readonly repository: Repository;
  /** A pino logger; requests are logged with their ids. Silent when absent. */
  readonly logger?: FastifyBaseLogger;
}

/**
 * Body validation options. `validateSchema: false`: Ajv would otherwise compile the JSON Schema
 * meta-schema to check our own (constant) route schemas — three quarters of the validator compile
 * time. Validators are compiled on their route's first request (./lazy-compilers.ts), so the schemas
 * are checked by tests instead: against the meta-schema, and compiled in Ajv's strict mode, which
 * rejects unknown keywords (`bodySchemaProblems`, test/schemas.test.ts and each service's tests).
 */
export const AJV_OPTIONS = { removeAdditional: false, coerceTypes: false, allErrors: true, validateSchema: false } as const;

/** Longer than the ALB's 60 s idle timeout, as AWS recommends, so the ALB never reuses a closed connection. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: { compilersFactory: lazyCompilers() },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).headers(error.headers).send(error.body());
    if (error.validation) {
      const errors = error.validation.map((issue) => ({ path: issue.instancePath || '/', message: describe(issue) }));
      return reply.code(400).send({ message: `invalid request body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors });
    }
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ message: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ message: 'internal error' });
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ message: `no route ${request.method} ${request.url.split('?')[0]}` }));
  registerRoutes(app, options.definition, options.repository);
  return app;
}

function describe(issue: { keyword: string; message?: string; params: Record<string, unknown> }): string {
  if (issue.keyword === 'additionalProperties') return `has an unknown property ${String(issue.params.additionalProperty)}`;
  return issue.message ?? issue.keyword;
}
