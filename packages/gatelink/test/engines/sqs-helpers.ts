/** A QueuePlan with AWS's defaults, and an SQS client for an engine endpoint. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuePlan } from '../../src/plan/types.js';

export const REGION = 'us-west-2';

export function queuePlan(name: string, overrides: Partial<QueuePlan> = {}): QueuePlan {
  return {
    id: `S/${name}`,
    queueName: name,
    queueUrl: `https://sqs.${REGION}.amazonaws.com/000000000000/${name}`,
    arn: `arn:aws:sqs:${REGION}:000000000000:${name}`,
    fifo: name.endsWith('.fifo'),
    contentBasedDeduplication: false,
    visibilityTimeout: 30,
    delaySeconds: 0,
    messageRetentionPeriod: 345_600,
    receiveMessageWaitTimeSeconds: 0,
    maximumMessageSize: 1_048_576,
    ...overrides,
  };
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
}
