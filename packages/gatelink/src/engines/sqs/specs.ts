/** The plan's queues as the engine creates them: CreateQueue attributes, as SQS takes them (strings). */
import type { QueuePlan } from '../../plan/types.js';

/** fauxqs keeps every queue under this account (its ARNs and URLs); lookups are by queue name. */
export const ENGINE_ACCOUNT = '000000000000';

export interface QueueSpec {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export function queueSpec(queue: QueuePlan, region: string): QueueSpec {
  const attributes: Record<string, string> = {
    VisibilityTimeout: String(queue.visibilityTimeout),
    DelaySeconds: String(queue.delaySeconds),
    MessageRetentionPeriod: String(queue.messageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(queue.receiveMessageWaitTimeSeconds),
    MaximumMessageSize: String(queue.maximumMessageSize),
  };
  if (queue.fifo) {
    attributes.FifoQueue = 'true';
    attributes.ContentBasedDeduplication = String(queue.contentBasedDeduplication);
  }
  if (queue.redrivePolicy) {
    const dlqName = queue.redrivePolicy.deadLetterTargetArn.split(':').pop() ?? '';
    attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${region}:${ENGINE_ACCOUNT}:${dlqName}`, maxReceiveCount: queue.redrivePolicy.maxReceiveCount });
  }
  return { name: queue.queueName, attributes };
}
