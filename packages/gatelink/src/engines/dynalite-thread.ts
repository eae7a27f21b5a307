/**
 * dynalite on a worker thread of its own, listening on a loopback port. On gatelink's main thread
 * it answered requests only between gatelink's own work, and `gatelink up` loads its data plane (a
 * synchronous 0.1–0.3 s of module loading) right when the tasks, launched just before, make their
 * first DynamoDB calls: every task waited for it before it could listen. On its own thread it
 * answers at once, and loading it (~0.1 s) overlaps the main thread's work. The thread runs a short
 * CommonJS snippet, so the CLI bundle needs no extra file for it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** dynalite's options (https://github.com/architect/dynalite#api). */
export interface DynaliteOptions {
  readonly path?: string;
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
}

export interface DynaliteThread {
  readonly port: number;
  /** Closes the server (and with it the LevelDB store), then ends the thread; calling it again waits for the same. */
  close(): Promise<void>;
}

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require(workerData.dynalite)(workerData.options);
server.once('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'close') server.close(() => process.exit(0));
});
`;

export function startDynaliteThread(options: DynaliteOptions): Promise<DynaliteThread> {
  const dynalite = createRequire(import.meta.url).resolve('dynalite');
  const worker = new Worker(THREAD, { eval: true, workerData: { dynalite, options } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    void exited.then(() => reject(new Error('the dynalite thread exited before listening')));
    worker.once('message', (message: { port?: number; error?: string }) => {
      if (message.port === undefined) {
        void worker.terminate();
        reject(new Error(message.error ?? 'dynalite did not listen'));
        return;
      }
      let closing: Promise<void> | undefined;
      resolve({
        port: message.port,
        close: () => {
          if (closing === undefined) worker.postMessage('close');
          return (closing ??= exited);
        },
      });
    });
  });
}
