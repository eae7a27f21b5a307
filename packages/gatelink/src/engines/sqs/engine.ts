/**
 * The embedded SQS engine: fauxqs on a worker thread of its own (./thread.ts), listening on
 * loopback, its queues and messages in the data dir (SQLite). Tasks reach it through the standard
 * SDK variable AWS_ENDPOINT_URL_SQS. Loading fauxqs costs ~0.3–0.5 s, so the thread starts only for
 * an app with queues (or a data dir that has SQS data) and boots alongside everything else.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { LOCAL_CREDENTIALS } from '../../ecs/task-env.js';
import { GatelinkError } from '../../errors.js';
import type { QueuePlan } from '../../plan/types.js';
import type { PeekedMessage, QueueCounts } from './inspect.js';
import { queueSpec } from './specs.js';
import type { QueueSpec } from './specs.js';

export type { PeekedMessage, QueueCounts } from './inspect.js';

export interface SqsThread {
  readonly port: number;
  ensureQueues(queues: readonly QueueSpec[], region: string): Promise<string[]>;
  counts(): Promise<QueueCounts[]>;
  peek(name: string, limit: number): Promise<PeekedMessage[] | undefined>;
  close(): Promise<void>;
}

export interface SqsEngine {
  readonly endpoint: string;
  readonly queues: readonly string[];
  /** Resolves once fauxqs is loaded and every queue exists; tasks' requests wait for it meanwhile. */
  readonly ready: Promise<void>;
  counts(): Promise<QueueCounts[]>;
  peek(name: string, limit: number): Promise<PeekedMessage[] | undefined>;
  close(): Promise<void>;
}

/** Boots the thread (its port is known within milliseconds; fauxqs loads behind it). The region is the plan's, once known. */
export function bootSqs(dataDir: string, region = 'us-east-1'): Promise<SqsThread> {
  mkdirSync(dataDir, { recursive: true });
  return startSqsThread({ dataDir, region });
}

export async function startSqs(options: { dataDir: string; queues: readonly QueuePlan[]; region: string; logger: Logger; booted?: Promise<SqsThread> }): Promise<SqsEngine> {
  const thread = await (options.booted ?? bootSqs(options.dataDir, options.region)).catch((error: unknown) => {
    throw startError(error);
  });
  const ready = thread.ensureQueues(options.queues.map((queue) => queueSpec(queue, options.region)), options.region).then(
    (created) => {
      for (const queue of created) options.logger.info({ queue }, 'queue created');
    },
    (error: unknown) => {
      throw startError(error);
    },
  );
  ready.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  return {
    endpoint: `http://127.0.0.1:${thread.port}`,
    queues: options.queues.map((queue) => queue.queueName),
    ready,
    counts: () => thread.counts(),
    peek: (name, limit) => thread.peek(name, limit),
    close: () => thread.close(),
  };
}

/** Whether a data dir holds SQS state from an earlier run (then the thread boots while the plan loads). */
export function hasSqsData(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'fauxqs.db'));
}

function startError(error: unknown): GatelinkError {
  return new GatelinkError('GL_ERR_ENGINE_START', { engine: 'SQS (fauxqs)', detail: String(error instanceof Error ? error.message : error) }, { cause: error });
}

/** The thread's module: the TypeScript source when gatelink runs from source, dist/sqs-thread.js from the bundle. */
function threadModule(): { file: URL; execArgv?: string[] } {
  if (import.meta.url.endsWith('.ts')) {
    // A worker inherits the parent's flags; tsx registered in code (bin/gatelink.js) is not among them.
    const inherited = process.execArgv.some((arg) => arg.includes('tsx'));
    return { file: new URL('./thread.ts', import.meta.url), ...(inherited ? {} : { execArgv: ['--import', import.meta.resolve('tsx')] }) };
  }
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return { file: new URL(`file://${path.join(dir, 'dist', 'sqs-thread.js')}`) };
}

function startSqsThread(options: { dataDir: string; region: string }): Promise<SqsThread> {
  const { file, execArgv } = threadModule();
  const workerData = { fauxqs: import.meta.resolve('fauxqs'), dataDir: options.dataDir, region: options.region, accessKeyId: LOCAL_CREDENTIALS.accessKeyId };
  const worker = new Worker(file, { workerData, ...(execArgv ? { execArgv } : {}) });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let onPort: ((port: number) => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    for (const call of pending.values()) call.reject(failure);
    pending.clear();
  };
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => fail(new Error('the SQS thread exited')));
  worker.once('error', fail);
  worker.on('message', (message: { port?: number; id?: number; result?: unknown; error?: string }) => {
    if (message.port !== undefined) onPort?.(message.port);
    else if (message.id === undefined && message.error !== undefined) fail(new Error(message.error));
    else if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) call?.reject(new Error(message.error));
      else call?.resolve(message.result);
    }
  });
  let nextId = 0;
  const request = <T>(op: string, args?: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, args });
    });
  let closing: Promise<void> | undefined;
  return new Promise<number>((resolve, reject) => {
    onPort = resolve;
    worker.once('error', reject);
    void exited.then(() => reject(failure ?? new Error('the SQS thread exited before listening')));
  }).then((port) => ({
    port,
    ensureQueues: (queues, region) => request<string[]>('ensure', { queues, region }),
    counts: () => request<QueueCounts[]>('counts'),
    peek: (name, limit) => request<PeekedMessage[] | undefined>('peek', { name, limit }),
    close: () =>
      (closing ??= request('close')
        .catch(() => undefined)
        .then(() => worker.terminate())
        .then(() => undefined)),
  }));
}
