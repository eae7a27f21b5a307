/**
 * The front end's Fastify app: the built single-page app, `GET /config.json` telling the page where
 * the movies HTTP API is (API_URL, the HttpApi's URL from the task's environment), and `GET /health`
 * for the load balancer. The page calls the API from the browser, cross-origin: the HTTP API's CORS
 * configuration admits this front end's origin.
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { StaticFile } from './static-files.js';

export interface FrontEndOptions {
  /** The HTTP API's base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  readonly apiUrl: string;
  /** The built page, by URL path (./static-files.ts). */
  readonly files: ReadonlyMap<string, StaticFile>;
  /** @default false (silent) */
  readonly logger?: FastifyServerOptions['logger'];
}

/** Longer than the ALB's idle timeout (60 s), so the load balancer never reuses a closed connection. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function buildFrontEnd(options: FrontEndOptions): FastifyInstance {
  const apiUrl = new URL(options.apiUrl);
  const config = JSON.stringify({ apiUrl: apiUrl.href });
  // The page may load only its own files and call only its own origin and the API.
  const securityHeaders = {
    'content-security-policy': `default-src 'self'; connect-src 'self' ${apiUrl.origin}; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const app = Fastify({ logger: options.logger ?? false, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, return503OnClosing: true });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders);
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/config.json', async (_request, reply) => reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(config));
  app.get('/*', async (request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    // A path without a file extension is a page of the app: index.html renders it.
    const file = options.files.get(urlPath === '/' ? '/index.html' : urlPath) ?? (/\.[a-z0-9]+$/i.test(urlPath) ? undefined : options.files.get('/index.html'));
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
    return reply.header('cache-control', file.cacheControl).type(file.contentType).send(file.body);
  });
  return app;
}
