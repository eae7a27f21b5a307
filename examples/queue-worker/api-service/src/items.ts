/**
 * Reading the results processing-service stored: one by id (the SQS message id), or a page of them.
 * Pages are `{ items, nextToken? }`; the token is opaque to clients (base64url of DynamoDB's
 * LastEvaluatedKey) and checked on the way back in.
 */
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { HttpError } from '@gatelink/service-kit';

export interface Item {
  readonly id: string;
  readonly text: string;
  readonly words: number;
  readonly upper: string;
  readonly receiveCount: number;
  readonly processedAt: string;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** SQS message ids are UUIDs; anything else cannot name an item. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class Items {
  constructor(
    private readonly tableName: string,
    private readonly client = new DynamoDBClient({}),
  ) {}

  async get(id: string): Promise<Item | undefined> {
    if (!ID.test(id)) throw new HttpError(400, 'invalid item id', [{ path: '/id', message: 'must be a message id (a UUID)' }]);
    const { Item: row } = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { id: { S: id } }, ConsistentRead: true }));
    return row ? toItem(row) : undefined;
  }

  async page(query: { limit?: unknown; nextToken?: unknown }): Promise<{ items: Item[]; nextToken?: string }> {
    const { limit, startKey } = parsePage(query);
    const answer = await this.client.send(new ScanCommand({ TableName: this.tableName, Limit: limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    const items = (answer.Items ?? []).map(toItem);
    const last = answer.LastEvaluatedKey?.id?.S;
    return last ? { items, nextToken: Buffer.from(JSON.stringify({ id: last })).toString('base64url') } : { items };
  }

  close(): void {
    this.client.destroy();
  }
}

function parsePage(query: { limit?: unknown; nextToken?: unknown }): { limit: number; startKey?: Record<string, AttributeValue> } {
  const errors: { path: string; message: string }[] = [];
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.push({ path: '/limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
  }
  let startKey: Record<string, AttributeValue> | undefined;
  if (query.nextToken !== undefined) {
    const id = decodeToken(String(query.nextToken));
    if (id === undefined) errors.push({ path: '/nextToken', message: 'is not a token this API issued' });
    else startKey = { id: { S: id } };
  }
  if (errors.length > 0) throw new HttpError(400, 'invalid query string', errors);
  return startKey ? { limit, startKey } : { limit };
}

function decodeToken(token: string): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { id?: unknown };
    return typeof value.id === 'string' && ID.test(value.id) ? value.id : undefined;
  } catch {
    return undefined;
  }
}

function toItem(row: Record<string, AttributeValue>): Item {
  return {
    id: row.id?.S ?? '',
    text: row.text?.S ?? '',
    words: Number(row.words?.N ?? 0),
    upper: row.upper?.S ?? '',
    receiveCount: Number(row.receiveCount?.N ?? 0),
    processedAt: row.processedAt?.S ?? '',
  };
}
