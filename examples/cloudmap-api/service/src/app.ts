/**
 * The movies service's Fastify app: GET /movies, GET /movies/:id, POST /movies, GET /diagnostics
 * (a hash of the database password it was given, to prove the secret arrived) and GET /health.
 * Every error is `{ "message" }` JSON. Every response names the task that served it
 * (`x-served-by: <hostname>:<pid>`), so a client can see Cloud Map spreading requests over tasks.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import { MovieStore } from './movies.js';
import type { NewMovie } from './movies.js';

export interface AppOptions {
  /** @default a store seeded with three movies */
  readonly store?: MovieStore;
  /** @default `<hostname>:<pid>` */
  readonly servedBy?: string;
  /** @default false (silent) */
  readonly logger?: FastifyServerOptions['logger'];
  /** The database credentials ECS injected from Secrets Manager (DB_USERNAME, DB_PASSWORD). @default none */
  readonly database?: DatabaseCredentials;
}

export interface DatabaseCredentials {
  readonly username?: string;
  readonly password?: string;
}

/** What `GET /diagnostics` tells about the credentials: the user, and a SHA-256 of the password, never the password. */
export function describeCredentials(database: DatabaseCredentials | undefined): { username: string | null; passwordSha256: string | null } {
  return {
    username: database?.username ?? null,
    passwordSha256: database?.password ? createHash('sha256').update(database.password).digest('hex') : null,
  };
}

/** Longer than API Gateway's integration keep-alive, so the gateway never reuses a closed connection. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

const newMovieSchema = {
  type: 'object',
  required: ['title', 'year'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    year: { type: 'integer', minimum: 1888, maximum: 2100 },
    director: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export function buildApp(options: AppOptions = {}): FastifyInstance {
  const store = options.store ?? new MovieStore();
  const servedBy = options.servedBy ?? `${hostname()}:${process.pid}`;
  const app = Fastify({
    logger: options.logger ?? false,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    return503OnClosing: true,
    // Strict bodies: "1999" is not a year.
    ajv: { customOptions: { coerceTypes: false, allErrors: true, removeAdditional: false } },
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-served-by', servedBy);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) return reply.code(400).send({ message: error.message });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ message: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ message: 'Internal Server Error' });
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ message: `no route ${request.method} ${request.url.split('?')[0]}` }));

  app.get('/health', async () => ({ status: 'ok', servedBy }));
  // Computed once: the password is not kept in a closure any request handler could leak.
  const database = describeCredentials(options.database);
  app.get('/diagnostics', async () => ({ servedBy, database }));
  app.get('/movies', async () => store.list());
  app.get<{ Params: { id: string } }>('/movies/:id', async (request, reply) => {
    const { id } = request.params;
    const movie = /^[1-9]\d{0,9}$/.test(id) ? store.get(Number(id)) : undefined;
    if (!movie) return reply.code(404).send({ message: `movie ${id} not found` });
    return movie;
  });
  app.post<{ Body: NewMovie }>('/movies', { schema: { body: newMovieSchema } }, async (request, reply) => {
    const movie = store.add(request.body);
    return reply.code(201).header('location', `/movies/${movie.id}`).send(movie);
  });
  return app;
}
