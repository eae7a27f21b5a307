/**
 * The engine's loopback HTTP front, in the SQS thread: JSON-protocol requests (the SDK v3) and
 * everything else go straight to fauxqs's router; query-protocol SQS requests (form posts with
 * `Action=…`, API Gateway's SQS integration among them) are decoded, run as the same action of the
 * JSON protocol, and answered in the query protocol. The query protocol also addresses a queue by
 * path (`POST /<account>/<queue>`), which becomes the request's QueueUrl.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FauxqsApp } from './fauxqs.js';
import { decodeQuery } from './query-decode.js';
import { encodeError, encodeResult, wantsJson } from './query-encode.js';
import type { Encoded } from './query-encode.js';

/** SQS's API actions (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html). */
const SQS_ACTIONS = new Set([
  'AddPermission', 'CancelMessageMoveTask', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch', 'CreateQueue', 'DeleteMessage',
  'DeleteMessageBatch', 'DeleteQueue', 'GetQueueAttributes', 'GetQueueUrl', 'ListDeadLetterSourceQueues', 'ListMessageMoveTasks',
  'ListQueueTags', 'ListQueues', 'PurgeQueue', 'ReceiveMessage', 'RemovePermission', 'SendMessage', 'SendMessageBatch',
  'SetQueueAttributes', 'StartMessageMoveTask', 'TagQueue', 'UntagQueue',
]);
/** Actions SNS has too: SQS's only when a queue is addressed. */
const SHARED_WITH_SNS = new Set(['AddPermission', 'RemovePermission']);
/** The largest query request read: a 1 MiB message, URL-encoded, with room for its attributes. */
const MAX_QUERY_BODY = 4 * 1024 * 1024;

export interface JsonCall {
  (action: string, input: Record<string, unknown>, headers?: Record<string, string | undefined>): Promise<{ status: number; headers: Record<string, unknown>; payload: Record<string, unknown> }>;
}

export function createFront(app: FauxqsApp, callJson: JsonCall): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://engine.local');
    const form = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
    if (!form && !(req.method === 'GET' && url.searchParams.has('Action'))) {
      app.routing(req, res);
      return;
    }
    readBody(req).then(
      (body) => dispatch(req, res, url, body),
      () => res.writeHead(413).end(),
    ).catch(() => res.destroy());
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const params = new URLSearchParams(url.search);
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
    const { action, input } = decodeQuery(params);
    const pathQueue = /^\/(\d{12})\/([\w.-]{1,80})$/.exec(url.pathname);
    if (pathQueue && input.QueueUrl === undefined) input.QueueUrl = `http://${req.headers.host ?? 'localhost'}${url.pathname}`;
    if (!SQS_ACTIONS.has(action) || (SHARED_WITH_SNS.has(action) && input.QueueUrl === undefined)) {
      const answer = await app.inject({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers as Record<string, string>, payload: body });
      res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'text/xml') }).end(answer.body);
      return;
    }
    const requestId = randomUUID();
    send(res, await runQuery(action, input, req, requestId), requestId);
  }

  async function runQuery(action: string, input: Record<string, unknown>, req: IncomingMessage, requestId: string): Promise<Encoded> {
    const json = wantsJson(req.headers.accept);
    const answer = await callJson(action, input, { authorization: req.headers.authorization, host: req.headers.host });
    if (answer.status === 200) return encodeResult(action, answer.payload, requestId, json);
    return encodeError(answer.status, answer.headers['x-amzn-query-error'] as string | undefined, answer.payload, requestId, json);
  }
}

function send(res: ServerResponse, encoded: Encoded, requestId: string): void {
  res.writeHead(encoded.status, { 'content-type': encoded.contentType, 'x-amzn-requestid': requestId }).end(encoded.body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_QUERY_BODY) {
        req.destroy();
        reject(new Error('request body too large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
