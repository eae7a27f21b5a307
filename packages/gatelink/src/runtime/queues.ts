/**
 * The SQS engine in a running system: booted early only when the data dir already has SQS data (a
 * restart of an app with queues), started for the plan's queues, closed when the plan has none.
 * fauxqs costs ~0.3–0.5 s to load, on its own thread, so a system without queues never pays it.
 */
import type { Logger } from 'pino';
import { bootSqs, hasSqsData, startSqs } from '../engines/sqs/engine.js';
import type { QueueCounts, SqsEngine, SqsThread } from '../engines/sqs/engine.js';
import type { Progress } from '../cli/progress.js';
import type { Plan } from '../plan/types.js';

export function bootQueuesEarly(dir: string): Promise<SqsThread> | undefined {
  const booted = hasSqsData(dir) ? bootSqs(dir) : undefined;
  booted?.catch(() => undefined); // startQueues reports a failed boot
  return booted;
}

export async function startQueues(plan: Plan, dir: string, io: { logger: Logger; booted: Promise<SqsThread> | undefined }): Promise<SqsEngine | undefined> {
  const queues = plan.queues ?? [];
  if (queues.length === 0) {
    await io.booted?.then((thread) => thread.close(), () => undefined);
    return undefined;
  }
  return startSqs({ dataDir: dir, queues, region: plan.region, logger: io.logger, ...(io.booted ? { booted: io.booted } : {}) });
}

export async function queuesReady(sqs: SqsEngine | undefined, progress: Progress): Promise<void> {
  if (!sqs) return;
  await sqs.ready;
  progress.step('engines', `SQS: ${sqs.queues.length} queue(s) at ${sqs.endpoint}`);
}

/** The latest queue counts for the synchronous status, refreshed before each `GET /v1/status` answer. */
export class QueueCountsCache {
  private latest: readonly QueueCounts[] = [];
  constructor(private readonly sqs: SqsEngine | undefined) {}

  async refresh(): Promise<void> {
    if (this.sqs) this.latest = await this.sqs.counts();
  }

  current(): readonly QueueCounts[] {
    return this.latest;
  }
}
