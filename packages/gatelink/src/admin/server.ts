/**
 * The admin API (127.0.0.1:8090 by default): read-only status for humans (`gatelink status`) and
 * tests. It never shares a port with the gateway, so admin traffic can't be confused with API traffic.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Status } from './status.js';

export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startAdminServer(options: { host: string; port: number; status: () => Status }): Promise<AdminServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.get('/v1/status', async () => options.status());
  app.get('/v1/health', async () => ({ status: 'ok' }));
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ message: `no admin route ${request.method} ${request.url}` }));
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, close: () => app.close() };
}
