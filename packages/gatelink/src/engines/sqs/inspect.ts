/** What `gatelink status` and `gatelink queues peek` show of the engine's queues, read without consuming anything. */
import type { FauxqsMessage, FauxqsQueue } from './fauxqs.js';

export interface QueueCounts {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  /** The dead-letter queue's name and after how many receives a message moves there. */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
}

export type PeekState = 'visible' | 'in-flight' | 'delayed';

export interface PeekedMessage {
  readonly state: PeekState;
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: string;
  readonly messageGroupId?: string;
  /** In flight: when it becomes visible again; delayed: when it becomes visible. */
  readonly visibleAt?: string;
}

export function queueCounts(queues: readonly FauxqsQueue[]): QueueCounts[] {
  return queues
    .map((queue) => {
      queue.processTimers(); // expired visibility timeouts and due delays count as visible, as SQS counts them
      const count = (name: string): number => Number(queue.getAttribute(name) ?? 0);
      const deadLetter = redrive(queue.attributes.RedrivePolicy);
      return {
        name: queue.name,
        visible: count('ApproximateNumberOfMessages'),
        inFlight: count('ApproximateNumberOfMessagesNotVisible'),
        delayed: count('ApproximateNumberOfMessagesDelayed'),
        ...(deadLetter ? { deadLetter } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Up to `limit` messages, visible first, then in flight, then delayed; undefined for an unknown queue. */
export function peekMessages(queue: FauxqsQueue | undefined, limit: number): PeekedMessage[] | undefined {
  if (!queue) return undefined;
  queue.processTimers();
  const { ready, inflight, delayed } = queue.inspectMessages();
  const row = (state: PeekState, message: FauxqsMessage, visibleAt?: number): PeekedMessage => ({
    state,
    messageId: message.messageId,
    body: message.body,
    receiveCount: message.approximateReceiveCount,
    sentAt: new Date(message.sentTimestamp).toISOString(),
    ...(message.messageGroupId ? { messageGroupId: message.messageGroupId } : {}),
    ...(visibleAt ? { visibleAt: new Date(visibleAt).toISOString() } : {}),
  });
  return [
    ...ready.map((message) => row('visible', message)),
    ...inflight.map((entry) => row('in-flight', entry.message, entry.visibilityDeadline)),
    ...delayed.map((message) => row('delayed', message, message.delayUntil)),
  ].slice(0, limit);
}

function redrive(policy: string | undefined): QueueCounts['deadLetter'] {
  if (!policy) return undefined;
  try {
    const parsed = JSON.parse(policy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    return { queue: String(parsed.deadLetterTargetArn ?? '').split(':').pop() ?? '', maxReceiveCount: Number(parsed.maxReceiveCount) };
  } catch {
    return undefined;
  }
}
