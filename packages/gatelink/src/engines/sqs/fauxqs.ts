/**
 * fauxqs (SQS/SNS/S3 in Node, https://github.com/kibertoad/fauxqs) assembled for gatelink. Its
 * `startFauxqs` listens on every interface (0.0.0.0) and gatelink binds loopback only, so this
 * wires the same parts `startFauxqs` does (stores, SQLite persistence, the Fastify app) and lets
 * gatelink serve the app on its own loopback socket. The parts are modules of the package that its
 * `exports` do not list, so the version is pinned exactly and test/engines/sqs.test.ts covers the
 * wiring; the interfaces below are the few members gatelink uses.
 */

export interface FauxqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentTimestamp: number;
  readonly approximateReceiveCount: number;
  readonly messageGroupId?: string;
  readonly delayUntil?: number;
}

export interface FauxqsQueue {
  readonly name: string;
  url: string;
  readonly arn: string;
  readonly attributes: Readonly<Record<string, string>>;
  getAttribute(name: string): string | undefined;
  /** Moves expired in-flight and due delayed messages back to visible (fauxqs does it when polled). */
  processTimers(): void;
  inspectMessages(): {
    ready: FauxqsMessage[];
    delayed: FauxqsMessage[];
    inflight: { message: FauxqsMessage; receiptHandle: string; visibilityDeadline: number }[];
  };
}

interface SqsStore {
  region?: string;
  persistence?: unknown;
  readonly queues: Map<string, FauxqsQueue>;
  allQueues(): Iterable<FauxqsQueue>;
  getQueueByName(name: string): FauxqsQueue | undefined;
}

interface Persistence {
  readonly db: { exec(sql: string): void };
  loadSqsAndSns(sqs: unknown, sns: unknown): void;
  load(sqs: unknown, sns: unknown, s3: unknown): void;
  close(): void;
}

export interface InjectResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

/** The few members of the Fastify instance gatelink uses. */
export interface FauxqsApp {
  ready(): PromiseLike<unknown>;
  /** Fastify's router as a plain (req, res) handler, for a server that Fastify did not create. */
  routing(req: unknown, res: unknown): void;
  inject(options: { method: string; url: string; headers: Record<string, string | string[] | undefined>; payload?: string | Buffer }): Promise<InjectResponse>;
  close(): PromiseLike<unknown>;
}

export interface Fauxqs {
  readonly app: FauxqsApp;
  readonly queues: {
    all(): FauxqsQueue[];
    byName(name: string): FauxqsQueue | undefined;
    /** Points every queue's URL at this origin (URLs are stored with the port of the run that made them). */
    rehome(origin: string): void;
  };
  close(): Promise<void>;
}

/** Loads fauxqs from its entry module's URL, with its state in `dataDir` (SQLite, `fauxqs.db`). */
export async function loadFauxqs(entryUrl: string, options: { dataDir: string; region: string }): Promise<Fauxqs> {
  const part = <T>(relative: string): Promise<T> => import(new URL(relative, entryUrl).href) as Promise<T>;
  const [{ buildApp }, { SqsStore }, { SnsStore }, { S3Store }, { PersistenceManager }] = await Promise.all([
    part<{ buildApp(options: object): FauxqsApp }>('./app.js'),
    part<{ SqsStore: new () => SqsStore }>('./sqs/sqsStore.js'),
    part<{ SnsStore: new () => { persistence?: unknown } }>('./sns/snsStore.js'),
    part<{ S3Store: new () => { persistence?: unknown } }>('./s3/s3Store.js'),
    part<{ PersistenceManager: new (dir: string) => Persistence }>('./persistence.js'),
  ]);
  const sqs = new SqsStore();
  const sns = new SnsStore();
  const s3 = new S3Store();
  const persistence = new PersistenceManager(options.dataDir);
  // WAL with NORMAL: a committed SendMessage is in the WAL before it is answered, which survives a
  // kill -9 of the whole tree (only an OS crash can lose the last commits), as dynalite's LevelDB does.
  persistence.db.exec('PRAGMA synchronous = NORMAL');
  // As startFauxqs: load first, then attach persistence, so loading does not write everything back.
  persistence.load(sqs, sns, s3);
  sqs.persistence = persistence;
  sns.persistence = persistence;
  s3.persistence = persistence;
  for (const queue of sqs.allQueues()) (queue as { persistence?: unknown }).persistence = persistence;
  const app = buildApp({ logger: false, defaultRegion: options.region, stores: { sqsStore: sqs, snsStore: sns, s3Store: s3 } });
  await app.ready();
  return {
    app,
    queues: {
      all: () => [...sqs.allQueues()],
      byName: (name) => sqs.getQueueByName(name),
      rehome: (origin) => {
        for (const queue of [...sqs.queues.values()]) {
          sqs.queues.delete(queue.url);
          queue.url = `${origin}${new URL(queue.url).pathname}`;
          sqs.queues.set(queue.url, queue);
        }
      },
    },
    close: async () => {
      await app.close(); // fauxqs's own close hook cancels long polls
      persistence.close();
    },
  };
}
