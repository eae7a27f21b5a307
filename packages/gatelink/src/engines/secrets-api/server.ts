/**
 * The embedded Secrets Manager and SSM APIs on one local port (node:http, as the admin API: a few
 * operations do not need a framework's start-up cost). Both speak AWS JSON 1.1: `POST /` with
 * `X-Amz-Target: secretsmanager.<Op>` or `AmazonSSM.<Op>`; errors are `{ "__type", "message" }`
 * with AWS's status. Tasks reach it through AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_SSM.
 * Request signatures are not checked (tasks get dummy credentials). No value is ever logged.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenTracked } from '../../http/listen.js';
import type { SecretStore } from '../../secrets/store.js';
import { API_ERRORS, ApiFailure } from './errors.js';
import type { ApiError } from './errors.js';
import { secretsManagerOperations } from './secretsmanager.js';
import { ssmOperations } from './ssm.js';

/** Secrets Manager's own request limit is 65 KB of secret; a request this size is plenty. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface SecretsApi {
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface SecretsApiOptions {
  readonly store: SecretStore;
  readonly host?: string;
  readonly port?: number;
  readonly region: string;
  readonly accountId: string;
}

export async function startSecretsApi(options: SecretsApiOptions): Promise<SecretsApi> {
  const ssmArn = (name: string) => `arn:aws:ssm:${options.region}:${options.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  const services: Record<string, Record<string, (input: Record<string, unknown>) => unknown>> = {
    secretsmanager: secretsManagerOperations(options.store),
    AmazonSSM: ssmOperations(options.store, ssmArn),
  };
  const server = http.createServer((req, res) => {
    handle(req, services).then(
      (body) => send(res, 200, body),
      (error: unknown) => sendError(res, error instanceof ApiFailure ? error.error : { status: 500, type: 'InternalServiceError', message: 'internal error in gatelink’s embedded API' }),
    );
  });
  const host = options.host ?? '127.0.0.1';
  const { port, sockets } = await listenTracked(server, options.port ?? 0, host, 'the embedded Secrets Manager / SSM API');
  return {
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handle(req: IncomingMessage, services: Record<string, Record<string, (input: Record<string, unknown>) => unknown>>): Promise<unknown> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [service = '', operation = ''] = target.split('.', 2);
  const run = Object.hasOwn(services, service) ? services[service]?.[operation] : undefined;
  if (req.method !== 'POST' || !run || !Object.hasOwn(services[service] ?? {}, operation)) throw new ApiFailure(API_ERRORS.unknownOperation(target || '(no X-Amz-Target)'));
  const input = await readJson(req);
  return run(input);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiFailure(API_ERRORS.tooLarge());
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiFailure(API_ERRORS.serialization());
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiFailure(API_ERRORS.serialization());
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError): void {
  // A body that was not read (too large) must not hold the connection: close it after the answer.
  if (error.status === 413) res.setHeader('connection', 'close');
  send(res, error.status, { __type: error.type, ...(error.message !== undefined ? { message: error.message } : {}) });
}
