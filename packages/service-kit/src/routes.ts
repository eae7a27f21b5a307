/**
 * The HTTP contract of a resource service, `/api/<resource>`: the seed's reads (list, get, health)
 * unchanged, plus create, replace, update and delete with validation and optimistic concurrency.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Item, ResourceDefinition } from './definition.js';
import { HttpError } from './http-error.js';
import { encodeToken, parsePageRequest } from './pagination.js';
import type { Repository } from './repository.js';
import { etagOf, notFound } from './repository.js';

/** The JSON schemas of the write bodies: create and replace carry every required field, update at least one. */
export function bodySchemas(definition: ResourceDefinition): { create: object; replace: object; update: object } {
  const fields = { type: 'object', properties: definition.properties, additionalProperties: false } as const;
  const withVersion = { ...fields, properties: { ...definition.properties, version: { type: 'integer', minimum: 1 } } };
  return {
    create: { ...fields, required: [...definition.required] },
    replace: { ...withVersion, required: [...definition.required] },
    update: { ...withVersion, minProperties: 1 },
  };
}

export function registerRoutes(app: FastifyInstance, definition: ResourceDefinition, repository: Repository): void {
  const base = `/api/${definition.resource}`;
  const { create: createSchema, replace: replaceSchema, update: updateSchema } = bodySchemas(definition);

  // Health answers without touching the table, and logs only what goes wrong: the load balancer
  // calls it on every interval of every target, which would bury the requests worth reading.
  // `node` is the runtime the task runs on (gatelink starts tasks with its own Node), for support.
  app.get(`${base}/health`, { logLevel: 'warn' }, async () => ({ status: 'ok', node: process.version }));

  app.get(base, async (request, reply) => {
    const page = await repository.list(parsePageRequest(request.query as Record<string, unknown>));
    if (page.nextKey) {
      const token = encodeToken(page.nextKey);
      const limit = (request.query as Record<string, unknown>).limit;
      reply.header('x-next-token', token);
      reply.header('link', `<${base}?${new URLSearchParams({ ...(limit ? { limit: String(limit) } : {}), nextToken: token }).toString()}>; rel="next"`);
    }
    return page.items;
  });

  app.get(`${base}/:id`, async (request, reply) => {
    const id = parseId(request);
    const item = await repository.get(id);
    if (!item) throw notFound(id);
    return send(reply, item);
  });

  app.post(base, { schema: { body: createSchema } }, async (request, reply) => {
    const item = await repository.create(request.body as Record<string, unknown>);
    reply.code(201).header('location', `${base}/${item.id}`);
    return send(reply, item);
  });

  app.put(`${base}/:id`, { schema: { body: replaceSchema } }, async (request, reply) => {
    const { version, ...body } = request.body as Record<string, unknown>;
    return send(reply, await repository.replace(parseId(request), body, expectedVersion(request, version)));
  });

  app.patch(`${base}/:id`, { schema: { body: updateSchema } }, async (request, reply) => {
    const { version, ...body } = request.body as Record<string, unknown>;
    return send(reply, await repository.update(parseId(request), body, expectedVersion(request, version)));
  });

  app.delete(`${base}/:id`, async (request, reply) => {
    await repository.delete(parseId(request), expectedVersion(request, undefined));
    return reply.code(204).send();
  });
}

function send(reply: FastifyReply, item: Item): Item {
  reply.header('etag', etagOf(item.version));
  return item;
}

/** Ids are the seed's positive integers; anything else cannot name an item. */
function parseId(request: FastifyRequest): number {
  const raw = (request.params as { id: string }).id;
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw new HttpError(400, `invalid id ${JSON.stringify(raw)}: ids are positive integers`, [{ path: '/id', message: 'must be a positive integer' }]);
  return id;
}

/** The version a write expects: `If-Match: "3"` wins over a `version` field in the body. */
function expectedVersion(request: FastifyRequest, bodyVersion: unknown): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '*') return typeof bodyVersion === 'number' ? bodyVersion : undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!match) throw new HttpError(400, 'If-Match must be an ETag this API issued, like "3"', [{ path: '/headers/if-match', message: 'invalid ETag' }]);
  return Number(match[1]);
}
