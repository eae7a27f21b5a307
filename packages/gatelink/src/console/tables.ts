/**
 * Read-only browsing of the embedded DynamoDB's tables for the console: a page of a Scan, or one
 * item by key. Items are shown as plain JSON (unmarshalled). The SDK is imported on first use: the
 * console costs `gatelink up` nothing until someone opens the data view.
 */
import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type * as DynamoDbCodec from '@aws-sdk/util-dynamodb';
import type { TablePlan } from '../plan/types.js';

export interface TablePage {
  readonly items: readonly Record<string, unknown>[];
  /** Pass back as `start` for the next page; absent on the last one. */
  readonly next?: string;
  readonly count: number;
}

const MAX_PAGE = 100;

export class TableBrowser {
  private client?: Promise<{ client: DynamoDbSdk.DynamoDBClient; sdk: typeof DynamoDbSdk; codec: typeof DynamoDbCodec }>;

  constructor(
    private readonly endpoint: string,
    private readonly region: string,
    readonly tables: readonly TablePlan[],
  ) {}

  list(): { name: string; keys: { name: string; type: string }[] }[] {
    return this.tables.map((table) => ({ name: table.tableName, keys: table.keySchema.map((key) => ({ name: key.attributeName, type: key.keyType })) }));
  }

  has(name: string): boolean {
    return this.tables.some((table) => table.tableName === name);
  }

  async scan(table: string, limit: number, start?: string): Promise<TablePage> {
    const { client, sdk, codec } = await this.connect();
    const output = await client.send(
      new sdk.ScanCommand({ TableName: table, Limit: Math.min(Math.max(1, limit), MAX_PAGE), ...(start ? { ExclusiveStartKey: JSON.parse(start) as Record<string, never> } : {}) }),
    );
    const items = (output.Items ?? []).map((item) => codec.unmarshall(item));
    return { items, count: items.length, ...(output.LastEvaluatedKey ? { next: JSON.stringify(output.LastEvaluatedKey) } : {}) };
  }

  /** `key` as plain JSON (`{"id": 1}`); undefined when there is no such item. */
  async get(table: string, key: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const { client, sdk, codec } = await this.connect();
    const output = await client.send(new sdk.GetItemCommand({ TableName: table, Key: codec.marshall(key) }));
    return output.Item ? codec.unmarshall(output.Item) : undefined;
  }

  close(): void {
    void this.client?.then(({ client }) => client.destroy(), () => undefined);
  }

  private connect() {
    this.client ??= (async () => {
      const [sdk, codec] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/util-dynamodb')]);
      // The embedded engine checks no signature; the SDK still wants credentials to sign with.
      const client = new sdk.DynamoDBClient({ endpoint: this.endpoint, region: this.region, credentials: { accessKeyId: 'gatelink', secretAccessKey: 'gatelink' } });
      return { client, sdk, codec };
    })();
    return this.client;
  }
}
