/** gatelink as a library: the embedded engines, for tests that want the same DynamoDB and SQS that `gatelink up` runs. */
export { startDynamoDb } from './engines/dynamodb.js';
export type { DynamoDbEngine } from './engines/dynamodb.js';
export { startSqs } from './engines/sqs/engine.js';
export type { PeekedMessage, QueueCounts, SqsEngine } from './engines/sqs/engine.js';
export type { QueuePlan, TablePlan } from './plan/types.js';
