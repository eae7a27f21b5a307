/**
 * The embedded DynamoDB engine: dynalite (a DynamoDB implementation on LevelDB) listening on
 * loopback, holding the plan's tables in the data dir so data survives restarts. Tasks reach it
 * through the standard SDK variable AWS_ENDPOINT_URL_DYNAMODB, so the same code runs in AWS.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Logger } from 'pino';
import { GatelinkError } from '../errors.js';
import type { TablePlan } from '../plan/types.js';
import { LOCAL_CREDENTIALS } from '../ecs/task-env.js';

type DynaliteFactory = (options: { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export interface DynamoDbEngine {
  readonly endpoint: string;
  readonly tables: readonly string[];
  close(): Promise<void>;
}

export async function startDynamoDb(options: { dataDir: string; tables: readonly TablePlan[]; region: string; logger: Logger }): Promise<DynamoDbEngine> {
  mkdirSync(options.dataDir, { recursive: true });
  // Table changes are instant locally: CreateTable's ACTIVE wait is a control-plane clock, not behaviour.
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server).catch((error: unknown) => {
    throw new GatelinkError('GL_ERR_ENGINE_START', { engine: 'DynamoDB (dynalite)', detail: String(error) }, { cause: error });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: LOCAL_CREDENTIALS });
  try {
    await ensureTables(client, options.tables, options.logger);
  } catch (error) {
    server.close();
    throw new GatelinkError('GL_ERR_ENGINE_START', { engine: 'DynamoDB (dynalite)', detail: `creating tables: ${String(error)}` }, { cause: error });
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    tables: options.tables.map((table) => table.tableName),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function ensureTables(client: DynamoDBClient, tables: readonly TablePlan[], logger: Logger): Promise<void> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const table of tables) {
    if (existing.has(table.tableName)) continue;
    await client.send(new CreateTableCommand(createTableInput(table)));
    logger.info({ table: table.tableName }, 'table created');
  }
}

/** The template's table definition as a CreateTable call (billing is irrelevant locally). */
export function createTableInput(table: TablePlan): CreateTableCommandInput {
  const throughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
  const projection = (index: TablePlan['globalSecondaryIndexes'][number]) => ({
    ProjectionType: index.projectionType as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
    ...(index.nonKeyAttributes.length > 0 ? { NonKeyAttributes: [...index.nonKeyAttributes] } : {}),
  });
  const keys = (schema: TablePlan['keySchema']) => schema.map((key) => ({ AttributeName: key.attributeName, KeyType: key.keyType }));
  return {
    TableName: table.tableName,
    KeySchema: keys(table.keySchema),
    AttributeDefinitions: table.attributeDefinitions.map((a) => ({ AttributeName: a.attributeName, AttributeType: a.attributeType })),
    ProvisionedThroughput: throughput,
    ...(table.globalSecondaryIndexes.length > 0
      ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({ IndexName: index.indexName, KeySchema: keys(index.keySchema), Projection: projection(index), ProvisionedThroughput: throughput })) }
      : {}),
    ...(table.localSecondaryIndexes.length > 0
      ? { LocalSecondaryIndexes: table.localSecondaryIndexes.map((index) => ({ IndexName: index.indexName, KeySchema: keys(index.keySchema), Projection: projection(index) })) }
      : {}),
  };
}
