/**
 * The embedded DynamoDB engine: dynalite (a DynamoDB implementation on LevelDB) listening on
 * loopback, holding the plan's tables in the data dir so data survives restarts. Tasks reach it
 * through the standard SDK variable AWS_ENDPOINT_URL_DYNAMODB, so the same code runs in AWS. It runs
 * on a thread of its own (./dynalite-thread.ts), so gatelink's work never delays a task's queries.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { CreateTableCommandInput, ListTablesCommandOutput } from '@aws-sdk/client-dynamodb';
import type { Logger } from 'pino';
import { GatelinkError } from '../errors.js';
import type { TablePlan } from '../plan/types.js';
import { LOCAL_CREDENTIALS } from '../ecs/task-env.js';
import { startDynaliteThread } from './dynalite-thread.js';
import type { DynaliteThread } from './dynalite-thread.js';

export interface DynamoDbEngine {
  readonly endpoint: string;
  readonly tables: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts the engine without its tables: the thread boots (~0.1–0.2 s) while gatelink builds the plan
 * that says which tables there are; startDynamoDb then creates them.
 */
export function bootDynamoDb(dataDir: string): Promise<DynaliteThread> {
  mkdirSync(dataDir, { recursive: true });
  // Table changes are instant locally: CreateTable's ACTIVE wait is a control-plane clock, not behaviour.
  return startDynaliteThread({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
}

export async function startDynamoDb(options: { dataDir: string; tables: readonly TablePlan[]; region: string; logger: Logger; booted?: Promise<DynaliteThread> }): Promise<DynamoDbEngine> {
  const engine = await (options.booted ?? bootDynamoDb(options.dataDir)).catch((error: unknown) => {
    throw new GatelinkError('GL_ERR_ENGINE_START', { engine: 'DynamoDB (dynalite)', detail: String(error) }, { cause: error });
  });
  const endpoint = `http://127.0.0.1:${engine.port}`;
  try {
    await ensureTables(controlPlane(endpoint, options.region), options.tables, options.logger);
  } catch (error) {
    await engine.close();
    throw new GatelinkError('GL_ERR_ENGINE_START', { engine: 'DynamoDB (dynalite)', detail: `creating tables: ${String(error)}` }, { cause: error });
  }
  return { endpoint, tables: options.tables.map((table) => table.tableName), close: () => engine.close() };
}

/** A DynamoDB JSON-protocol call to the local engine. */
type ControlPlane = <T>(operation: 'ListTables' | 'CreateTable', input: object) => Promise<T>;

/**
 * The two control-plane calls gatelink makes, sent as plain DynamoDB JSON-protocol requests: loading
 * the AWS SDK for them would cost ~0.3 s on every start, before any task can be launched, and so
 * would `fetch` (Node loads its own undici on the first call: ~0.1 s), hence `node:http`. The
 * signature is a placeholder (the engine accepts any credentials, as tasks' dummy ones).
 */
function controlPlane(endpoint: string, region: string): ControlPlane {
  return async <T>(operation: string, input: object): Promise<T> => {
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
      authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0`,
    };
    const { status, text } = await post(endpoint, headers, JSON.stringify(input));
    const body = JSON.parse(text) as T & { __type?: string; message?: string };
    if (status < 200 || status >= 300) throw new Error(`${operation}: ${body.__type ?? status} ${body.message ?? ''}`.trim());
    return body;
  };
}

function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
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
