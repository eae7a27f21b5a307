/**
 * The admin API (127.0.0.1:8090 by default): read-only status for humans (`gatelink status`) and
 * tests. It never shares a port with the gateway, so admin traffic can't be confused with API traffic.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { DeploymentRecord } from '../ecs/deployment.js';
import { isGatelinkError } from '../errors.js';
import type { Status } from './status.js';

export interface AdminServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface AdminOptions {
  readonly host: string;
  readonly port: number;
  readonly status: () => Status;
  /** Starts a rolling deployment of a service (`gatelink deploy`). */
  readonly deploy?: (service: string, cause: string) => Promise<DeploymentRecord>;
}

export async function startAdminServer(options: AdminOptions): Promise<AdminServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.get('/v1/status', async () => options.status());
  app.post<{ Params: { service: string } }>('/v1/services/:service/deployments', async (request, reply) => {
    if (!options.deploy) return reply.code(501).send({ message: 'deployments are not available in this system' });
    try {
      return await reply.code(201).send(await options.deploy(request.params.service, 'gatelink deploy'));
    } catch (error) {
      if (!isGatelinkError(error)) throw error;
      const status = error.code === 'GL_ERR_DEPLOY_UNKNOWN_SERVICE' ? 404 : 422;
      return reply.code(status).send({ message: error.message, code: error.code, hint: error.hint, params: error.params });
    }
  });
  app.get('/v1/health', async () => ({ status: 'ok' }));
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ message: `no admin route ${request.method} ${request.url}` }));
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, close: () => app.close() };
}
