/**
 * The results table. Writes are conditional on the message id being new: a message delivered twice
 * (its visibility timeout ran out, or its task was killed before deleting it) stores one result.
 */
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Result } from './message.js';

export class ResultStore {
  constructor(
    private readonly tableName: string,
    private readonly client = new DynamoDBClient({}),
  ) {}

  /** Stores the result once; false when this message's result was already stored. */
  async putOnce(result: Result): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            id: { S: result.id },
            text: { S: result.text },
            words: { N: String(result.words) },
            upper: { S: result.upper },
            receiveCount: { N: String(result.receiveCount) },
            processedAt: { S: result.processedAt },
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  close(): void {
    this.client.destroy();
  }
}
