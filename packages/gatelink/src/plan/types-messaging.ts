/** Plan types: SQS queues. See ./types.ts for the plan as a whole. */
import type { ResourceId } from './types.js';

/** `RedrivePolicy`: where a message goes once it has been received more than `maxReceiveCount` times. */
export interface RedrivePolicyPlan {
  /** The dead-letter queue's ARN as the template gives it (a queue of this app, or an external one). */
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

export interface QueuePlan {
  readonly id: ResourceId;
  readonly queueName: string;
  /** What `Ref` / `GetAtt QueueUrl` gives: AWS's URL shape (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
  readonly queueUrl: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** Seconds; AWS defaults applied (30, 0, 345600, 0) and MaximumMessageSize in bytes (1 MiB). */
  readonly visibilityTimeout: number;
  readonly delaySeconds: number;
  readonly messageRetentionPeriod: number;
  readonly receiveMessageWaitTimeSeconds: number;
  readonly maximumMessageSize: number;
  readonly redrivePolicy?: RedrivePolicyPlan;
}
