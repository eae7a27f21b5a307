/**
 * The embedded DynamoDB engine: dynalite (a DynamoDB implementation on LevelDB) listening on
 * loopback, holding the plan's tables in the data dir so data survives restarts. Tasks reach it
 * through the standard SDK variable AWS_ENDPOINT_URL_DYNAMODB, so the same code runs in AWS.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { CreateTableCommandInput, ListTablesCommandOutput } from '@aws-sdk/client-dynamodb';
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
  try {
    await ensureTables(controlPlane(endpoint, options.region), options.tables, options.logger);
  } catch (error) {
    server.close();
    throw new GatelinkError('GL_ERR_ENGINE_START', { engine: 'DynamoDB (dynalite)', detail: `creating tables: ${String(error)}` }, { cause: error });
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

/** A DynamoDB JSON-protocol call to the local engine. */
type ControlPlane = <T>(operation: 'ListTables' | 'CreateTable', input: object) => Promise<T>;

/**
 * The two control-plane calls gatelink makes, sent as plain DynamoDB JSON-protocol requests: loading
 * the AWS SDK for them would cost ~0.3 s on every start, before any task can be launched. The
 * signature is a placeholder (the engine accepts any credentials, as tasks' dummy ones).
 */
function controlPlane(endpoint: string, region: string): ControlPlane {
  return async <T>(operation: string, input: object): Promise<T> => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
        authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0`,
      },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as T & { __type?: string; message?: string };
    if (!response.ok) throw new Error(`${operation}: ${body.__type ?? response.status} ${body.message ?? ''}`.trim());
    return body;
  };
}

async function ensureTables(call: ControlPlane, tables: readonly TablePlan[], logger: Logger): Promise<void> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await call<ListTablesCommandOutput>('ListTables', start ? { ExclusiveStartTableName: start } : {});
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const table of tables) {
    if (existing.has(table.tableName)) continue;
    await call('CreateTable', createTableInput(table));
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
