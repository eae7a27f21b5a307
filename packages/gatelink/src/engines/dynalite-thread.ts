/**
 * dynalite on a worker thread of its own, listening on a loopback port. On gatelink's main thread
 * it answered requests only between gatelink's own work, and `gatelink up` loads its data plane (a
 * synchronous 0.1–0.3 s of module loading) right when the tasks, launched just before, make their
 * first DynamoDB calls: every task waited for it before it could listen. On its own thread it
 * answers at once, and loading it (~0.1 s) overlaps the main thread's work. The thread runs a short
 * CommonJS snippet, so the CLI bundle needs no extra file for it.
 *
 * The thread listens before it loads dynalite, so the port tasks are launched with is known within
 * a few milliseconds and tasks boot while the engine loads. Their requests are held (not refused)
 * until the engine is loaded and has the tables `ensureTables` asked for; the thread creates those
 * itself, so a busy main thread (spawning tasks, loading the data plane) never delays them.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LOCAL_CREDENTIALS } from '../ecs/task-env.js';

/** dynalite's options (https://github.com/architect/dynalite#api). */
export interface DynaliteOptions {
  readonly path?: string;
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
}

/** The JSON body of a DynamoDB CreateTable call. */
export type CreateTableBody = { readonly TableName?: string | undefined } & object;

export interface DynaliteThread {
  readonly port: number;
  /**
   * Creates the tables that do not exist yet (once dynalite is loaded), then lets every request
   * through. Resolves with the names it created; rejects when the engine failed to load or a table
   * could not be created.
   */
  ensureTables(tables: readonly CreateTableBody[], region: string): Promise<string[]>;
  /** Closes the server (and with it the LevelDB store), then ends the thread; calling it again waits for the same. */
  close(): Promise<void>;
}

/** Marks the thread's own control-plane calls, which pass while tasks' requests are held. */
const CONTROL_HEADER = 'x-gatelink-engine-control';

// The listening socket is bound first and its port posted; dynalite's own server then takes it over
// (listen on a handle) and gets the connections accepted meanwhile. The signature of the thread's
// own calls is a placeholder: the engine accepts any credentials, as it does tasks' dummy ones.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const net = require('node:net');
let open = false;
let engine;
let handle;
let wanted;
const held = [];
const early = [];
const admitted = (req) => open || req.headers['${CONTROL_HEADER}'] !== undefined;
const serve = (req, res) => (admitted(req) ? handle(req, res) : held.push([req, res]));
const release = () => {
  for (const [req, res] of held.splice(0)) serve(req, res);
};
const call = (operation, input, region) => new Promise((resolve, reject) => {
  const body = JSON.stringify(input);
  const headers = {
    '${CONTROL_HEADER}': '1',
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amz-target': 'DynamoDB_20120810.' + operation,
    'x-amz-date': new Date().toISOString().replace(/[-:]|\\.\\d{3}/g, ''),
    authorization: 'AWS4-HMAC-SHA256 Credential=' + workerData.accessKeyId + '/20260101/' + region + '/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
  };
  const request = http.request({ host: '127.0.0.1', port: listener.address().port, method: 'POST', path: '/', headers }, (response) => {
    const chunks = [];
    response.on('data', (chunk) => chunks.push(chunk));
    response.on('end', () => {
      const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (response.statusCode === 200) resolve(answer);
      else reject(new Error(operation + ': ' + (answer.__type || response.statusCode) + ' ' + (answer.message || '')));
    });
    response.on('error', reject);
  });
  request.on('error', reject);
  request.end(body);
});
const ensure = async ({ tables, region }) => {
  const existing = new Set();
  let start;
  do {
    const page = await call('ListTables', start ? { ExclusiveStartTableName: start } : {}, region);
    for (const name of page.TableNames || []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  const created = [];
  for (const table of tables) {
    if (existing.has(table.TableName)) continue;
    await call('CreateTable', table, region);
    created.push(table.TableName);
  }
  for (const table of tables) await active(table.TableName, region);
  return created;
};
// CreateTable answers with CREATING and dynalite flips the table (and its indexes) to ACTIVE on a
// timer; item calls on a CREATING table fail, so held requests are released only after the flip.
const settled = (table) => table.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes || []).every((index) => index.IndexStatus === 'ACTIVE');
const active = async (name, region) => {
  const deadline = Date.now() + 10000;
  for (;;) {
    const { Table } = await call('DescribeTable', { TableName: name }, region);
    if (settled(Table)) return;
    if (Date.now() > deadline) throw new Error('table ' + name + ' still ' + Table.TableStatus + ' after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
const ensureWhenLoaded = () => {
  if (!handle || !wanted) return;
  ensure(wanted).then(
    (created) => {
      open = true;
      release();
      parentPort.postMessage({ ensured: created });
    },
    (error) => parentPort.postMessage({ error: 'creating tables: ' + error.message }),
  );
};
const listener = net.createServer({ pauseOnConnect: true }, (socket) => early.push(socket));
listener.once('error', (error) => parentPort.postMessage({ error: String(error) }));
listener.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ port: listener.address().port });
  try {
    engine = require(workerData.dynalite)(workerData.options);
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
    return;
  }
  const dynaliteHandler = engine.listeners('request')[0];
  engine.removeAllListeners('request');
  engine.on('request', serve);
  engine.listen(listener, () => {
    handle = dynaliteHandler;
    for (const socket of early.splice(0)) {
      engine.emit('connection', socket);
      socket.resume();
    }
    ensureWhenLoaded();
  });
});
parentPort.on('message', (message) => {
  if (message.tables) {
    wanted = message;
    ensureWhenLoaded();
  }
  if (message === 'close') {
    for (const [, res] of held.splice(0)) res.destroy();
    for (const socket of early.splice(0)) socket.destroy();
    // dynalite's close() closes its LevelDB store too.
    if (engine && engine.listening) engine.close(() => process.exit(0));
    else process.exit(0);
  }
});
`;

interface ThreadMessage {
  readonly port?: number;
  readonly ensured?: string[];
  readonly error?: string;
}

export function startDynaliteThread(options: DynaliteOptions): Promise<DynaliteThread> {
  const dynalite = createRequire(import.meta.url).resolve('dynalite');
  const worker = new Worker(THREAD, { eval: true, workerData: { dynalite, options, accessKeyId: LOCAL_CREDENTIALS.accessKeyId } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let failure: Error | undefined;
  const waiting = new Set<(message: ThreadMessage) => void>();
  const fail = (error: Error): void => {
    failure ??= error;
    for (const listener of waiting) listener({ error: failure.message });
  };
  worker.once('error', fail);
  void exited.then(() => fail(new Error('the dynalite thread exited')));
  worker.on('message', (message: ThreadMessage) => {
    if (message.error !== undefined) {
      void worker.terminate();
      fail(new Error(message.error));
    } else for (const listener of waiting) listener(message);
  });
  /** The next message that `pick` accepts, or the thread's failure. */
  const next = <T>(pick: (message: ThreadMessage) => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const listener = (message: ThreadMessage): void => {
        const picked = message.error === undefined ? pick(message) : undefined;
        if (message.error === undefined && picked === undefined) return;
        waiting.delete(listener);
        if (picked === undefined) reject(failure ?? new Error(message.error));
        else resolve(picked);
      };
      waiting.add(listener);
    });
  let closing: Promise<void> | undefined;
  return next((message) => message.port).then((port) => ({
    port,
    ensureTables: (tables, region) => {
      const ensured = next((message) => message.ensured);
      worker.postMessage({ tables, region });
      return ensured;
    },
    close: () => {
      if (closing === undefined) worker.postMessage('close');
      return (closing ??= exited);
    },
  }));
}
