/**
 * Items of one table through DynamoDB (lib-dynamodb). Every write is conditional: creates never
 * overwrite, replaces/updates/deletes check the version the client saw, so concurrent writers get a
 * 409 instead of silently overwriting each other. New ids come from an atomic counter item.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './definition.js';
import { HttpError } from './http-error.js';
import type { PageRequest } from './pagination.js';

/** The id counter lives in the same table under an id no item can have. */
export const COUNTER_ID = 0;

export interface Page {
  readonly items: Item[];
  readonly nextKey?: Record<string, unknown>;
}

export class Repository {
  private readonly documents: DynamoDBDocumentClient;

  /** Endpoint, region and credentials come from the standard AWS SDK environment only. */
  constructor(
    readonly tableName: string,
    client: DynamoDBClient = new DynamoDBClient({}),
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async get(id: number): Promise<Item | undefined> {
    const { Item: item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }));
    return item as Item | undefined;
  }

  /** Whether the id counter exists, i.e. seeding has completed once. */
  async hasCounter(): Promise<boolean> {
    const { Item: item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { id: COUNTER_ID }, ConsistentRead: true }));
    return item !== undefined;
  }

  async list(page: PageRequest): Promise<Page> {
    const result = await this.documents.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: page.limit,
        ExclusiveStartKey: page.startKey,
        FilterExpression: 'id <> :counter',
        ExpressionAttributeValues: { ':counter': COUNTER_ID },
        ConsistentRead: true,
      }),
    );
    const items = ((result.Items ?? []) as Item[]).sort((a, b) => a.id - b.id);
    return { items, nextKey: result.LastEvaluatedKey };
  }

  async create(fields: Record<string, unknown>): Promise<Item> {
    const id = await this.nextId();
    const item: Item = { ...fields, id, version: 1 };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }));
    return item;
  }

  /** Replaces the whole item; `expectedVersion` (from If-Match or the body) must match when given. */
  async replace(id: number, fields: Record<string, unknown>, expectedVersion?: number): Promise<Item> {
    const current = await this.require(id);
    const version = expectedVersion ?? current.version;
    const item: Item = { ...fields, id, version: version + 1 };
    await this.conditional(id, () =>
      this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version } })),
    );
    return item;
  }

  /** Merges `fields` into the item under the same version check as a replace. */
  async update(id: number, fields: Record<string, unknown>, expectedVersion?: number): Promise<Item> {
    const current = await this.require(id);
    const { id: _id, version: _version, ...existing } = current;
    return this.replace(id, { ...existing, ...fields }, expectedVersion ?? current.version);
  }

  async delete(id: number, expectedVersion?: number): Promise<void> {
    await this.require(id);
    const condition = expectedVersion === undefined ? 'attribute_exists(id)' : 'version = :expected';
    const values = expectedVersion === undefined ? undefined : { ':expected': expectedVersion };
    await this.conditional(id, () => this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { id }, ConditionExpression: condition, ExpressionAttributeValues: values })));
  }

  /** Writes an item only if its id is free: seeding twice, or from two tasks at once, adds nothing. */
  async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async nextId(): Promise<number> {
    const result = await this.documents.send(
      new UpdateCommand({ TableName: this.tableName, Key: { id: COUNTER_ID }, UpdateExpression: 'ADD seq :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
    );
    return Number((result.Attributes as { seq: number }).seq);
  }

  private async require(id: number): Promise<Item> {
    const item = await this.get(id);
    if (!item) throw notFound(id);
    return item;
  }

  private async conditional(id: number, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(id);
      if (!current) throw notFound(id);
      throw new HttpError(409, `item ${id} was changed by someone else (it is now at version ${current.version}); fetch it again and retry`, undefined, { etag: etagOf(current.version) });
    }
  }
}

export function notFound(id: number | string): HttpError {
  return new HttpError(404, `no item with id ${id}`);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
