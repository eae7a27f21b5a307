/**
 * SQS queues: `AWS::SQS::Queue` with AWS's defaults applied
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html).
 * Out-of-range values are reported as plan problems, as CloudFormation refuses them.
 */
import type { QueuePlan, RedrivePolicyPlan } from './types.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import { num, record, str } from './values.js';

/** Attribute: [default, min, max] (MaximumMessageSize: AWS raised max and default to 1 MiB in 2025). */
const RANGES = {
  VisibilityTimeout: [30, 0, 43_200],
  DelaySeconds: [0, 0, 900],
  MessageRetentionPeriod: [345_600, 60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 0, 20],
  MaximumMessageSize: [1_048_576, 1_024, 1_048_576],
} as const;

export function extractQueues(resolved: ResolvedAssembly, problems: string[]): QueuePlan[] {
  const queues = resolved.ofType('AWS::SQS::Queue').map((queue): QueuePlan => {
    const setting = (name: keyof typeof RANGES): number => {
      const [fallback, min, max] = RANGES[name];
      const value = num(queue.props[name], fallback);
      if (!Number.isInteger(value) || value < min || value > max) problems.push(`${queue.id}: ${name} ${String(queue.props[name])} is outside ${min}–${max}`);
      return value;
    };
    const fifo = queueIsFifo(queue);
    const redrivePolicy = redrive(queue, problems);
    return {
      id: queue.id,
      queueName: queueNameOf(queue.physicalId),
      queueUrl: queue.physicalId,
      arn: `arn:aws:sqs:${resolved.region}:${resolved.accountId}:${queueNameOf(queue.physicalId)}`,
      fifo,
      contentBasedDeduplication: fifo && String(queue.props.ContentBasedDeduplication) === 'true',
      visibilityTimeout: setting('VisibilityTimeout'),
      delaySeconds: setting('DelaySeconds'),
      messageRetentionPeriod: setting('MessageRetentionPeriod'),
      receiveMessageWaitTimeSeconds: setting('ReceiveMessageWaitTimeSeconds'),
      maximumMessageSize: setting('MaximumMessageSize'),
      ...(redrivePolicy ? { redrivePolicy } : {}),
    };
  });
  problems.push(...deadLetterProblems(queues));
  return queues;
}

/** A dead-letter queue must be of the same type as its source (FIFO ↔ FIFO), and, locally, one of the app's queues. */
function deadLetterProblems(queues: readonly QueuePlan[]): string[] {
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  return queues.flatMap((queue) => {
    if (!queue.redrivePolicy) return [];
    const target = byArn.get(queue.redrivePolicy.deadLetterTargetArn);
    if (!target) return [`${queue.id}: its dead-letter queue ${queue.redrivePolicy.deadLetterTargetArn} is not a queue of this app`];
    return target.fifo === queue.fifo ? [] : [`${queue.id}: a ${queue.fifo ? 'FIFO' : 'standard'} queue needs a dead-letter queue of the same type, ${target.id} is not`];
  });
}

export function queueIsFifo(queue: Pick<ResolvedResource, 'props'>): boolean {
  return String(queue.props.FifoQueue) === 'true';
}

/** The last path segment of a queue URL is the queue's name. */
export function queueNameOf(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}

function redrive(queue: ResolvedResource, problems: string[]): RedrivePolicyPlan | undefined {
  if (queue.props.RedrivePolicy === undefined) return undefined;
  // CloudFormation takes the policy as a JSON object or a JSON string.
  let policy: Record<string, unknown>;
  try {
    policy = typeof queue.props.RedrivePolicy === 'string' ? record(JSON.parse(queue.props.RedrivePolicy)) : record(queue.props.RedrivePolicy);
  } catch {
    problems.push(`${queue.id}: RedrivePolicy is not valid JSON`);
    return undefined;
  }
  const maxReceiveCount = num(policy.maxReceiveCount, Number.NaN);
  const deadLetterTargetArn = str(policy.deadLetterTargetArn);
  if (!deadLetterTargetArn.startsWith('arn:') || !(maxReceiveCount >= 1 && maxReceiveCount <= 1000)) {
    problems.push(`${queue.id}: RedrivePolicy needs deadLetterTargetArn (an ARN) and maxReceiveCount 1–1000`);
    return undefined;
  }
  return { deadLetterTargetArn, maxReceiveCount };
}
