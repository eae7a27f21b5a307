/**
 * The SQS engine's worker thread: fauxqs behind a loopback front (./front.ts). As DynamoDB's thread
 * does, it binds its port before loading the engine (fauxqs and Fastify: ~0.3–0.5 s of module
 * loading), so tasks are launched with the endpoint at once; their requests are held, not refused,
 * until the engine is loaded and the plan's queues exist. Messages from the main thread are
 * requests `{ id, op, args }`, answered `{ id, result }` or `{ id, error }`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Fauxqs } from './fauxqs.js';
import type { JsonCall } from './front.js';
import type { QueueSpec } from './specs.js';

// As bin/gatelink.js does for the main thread: V8's compiled code of fauxqs and Fastify is kept
// between runs (Node ≥ 22.1), which shortens the engine's load on every start after the first.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

interface ThreadData {
  readonly fauxqs: string;
  readonly dataDir: string;
  readonly region: string;
  readonly accessKeyId: string;
}

const data = workerData as ThreadData;
const port = parentPort;
if (!port) throw new Error('the SQS engine runs on a worker thread');

/** The plan's region, which the engine's own calls are signed for (fauxqs takes a queue's region from the signature). */
let region = data.region;
const held: [IncomingMessage, ServerResponse][] = [];
let serve: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
const server = createServer((req, res) => (serve ? serve(req, res) : held.push([req, res])));
const engine = new Promise<{ fauxqs: Fauxqs; callJson: JsonCall }>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    port.postMessage({ port: (server.address() as { port: number }).port });
    // Loaded after the port is posted: the tasks launched with it boot meanwhile.
    import('./fauxqs.js')
      .then(({ loadFauxqs }) => loadFauxqs(data.fauxqs, { dataDir: data.dataDir, region }))
      .then((fauxqs) => {
        fauxqs.queues.rehome(origin);
        resolve({ fauxqs, callJson: jsonCaller(fauxqs, origin) });
      }, reject);
  });
});
engine.catch((error: unknown) => port.postMessage({ error: String(error) }));

/** One action of the JSON protocol, run in-process; signed for the plan's region, as tasks' calls are. */
function jsonCaller(fauxqs: Fauxqs, origin: string): JsonCall {
  return async (action, input, headers = {}) => {
    const answer = await fauxqs.app.inject({
      method: 'POST',
      url: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AmazonSQS.${action}`,
        host: headers.host ?? new URL(origin).host,
        authorization: headers.authorization ?? `AWS4-HMAC-SHA256 Credential=${data.accessKeyId}/20260101/${region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
      },
      payload: JSON.stringify(input),
    });
    const payload = answer.body ? (JSON.parse(answer.body) as Record<string, unknown>) : {};
    return { status: answer.statusCode, headers: answer.headers, payload };
  };
}

/** Creates the queues that do not exist, then sets every queue's attributes (redrive last: its DLQ exists by then). */
async function ensureQueues(specs: readonly QueueSpec[]): Promise<string[]> {
  const { fauxqs, callJson } = await engine;
  const call = async (action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const answer = await callJson(action, input);
    if (answer.status !== 200) throw new Error(`${action} ${String(input.QueueName ?? input.QueueUrl)}: ${String(answer.payload.message ?? answer.status)}`);
    return answer.payload;
  };
  const created: string[] = [];
  for (const spec of specs) {
    if (fauxqs.queues.byName(spec.name)) continue;
    const { RedrivePolicy: _redrive, ...attributes } = spec.attributes;
    await call('CreateQueue', { QueueName: spec.name, Attributes: attributes });
    created.push(spec.name);
  }
  for (const spec of specs) {
    const { FifoQueue: _fifo, ...attributes } = spec.attributes;
    await call('SetQueueAttributes', { QueueUrl: fauxqs.queues.byName(spec.name)?.url, Attributes: { RedrivePolicy: '', ...attributes } });
  }
  const { createFront } = await import('./front.js');
  serve = createFront(fauxqs.app, callJson);
  for (const [req, res] of held.splice(0)) serve(req, res);
  return created;
}

const OPS: Record<string, (args: never) => unknown> = {
  ensure: (args: { queues: QueueSpec[]; region: string }) => {
    region = args.region;
    return ensureQueues(args.queues);
  },
  counts: async () => (await import('./inspect.js')).queueCounts((await engine).fauxqs.queues.all()),
  peek: async (args: { name: string; limit: number }) => (await import('./inspect.js')).peekMessages((await engine).fauxqs.queues.byName(args.name), args.limit),
  close: async () => {
    for (const [, res] of held.splice(0)) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await engine.then(({ fauxqs }) => fauxqs.close(), () => undefined);
  },
};

port.on('message', (message: { id: number; op: string; args: never }) => {
  const op = OPS[message.op];
  Promise.resolve(op ? op(message.args) : Promise.reject(new Error(`unknown op ${message.op}`))).then(
    (result) => port.postMessage({ id: message.id, result }),
    (error: unknown) => port.postMessage({ id: message.id, error: String(error instanceof Error ? error.message : error) }),
  );
});
