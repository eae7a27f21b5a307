/**
 * The embedded DynamoDB engine: dynalite (a DynamoDB implementation on LevelDB) listening on
 * loopback, holding the plan's tables in the data dir so data survives restarts. Tasks reach it
 * through the standard SDK variable AWS_ENDPOINT_URL_DYNAMODB, so the same code runs in AWS. It runs
 * on a thread of its own (./dynalite-thread.ts), so gatelink's work never delays a task's queries.
 */
import { mkdirSync } from 'node:fs';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Logger } from 'pino';
import { GatelinkError } from '../errors.js';
import type { TablePlan } from '../plan/types.js';
import { startDynaliteThread } from './dynalite-thread.js';
import type { DynaliteThread } from './dynalite-thread.js';

export interface DynamoDbEngine {
  readonly endpoint: string;
  readonly tables: readonly string[];
  /**
   * Resolves once the engine is loaded and every table exists; rejects with GL_ERR_ENGINE_START.
   * The endpoint is known before: requests sent to it meanwhile wait rather than fail, so tasks can
   * be launched while the engine loads.
   */
  readonly ready: Promise<void>;
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
    throw startError(error);
  });
  const ready = engine.ensureTables(options.tables.map(createTableInput), options.region).then(
    (created) => {
      for (const table of created) options.logger.info({ table }, 'table created');
    },
    (error: unknown) => {
      throw startError(error);
    },
  );
  ready.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  return { endpoint: `http://127.0.0.1:${engine.port}`, tables: options.tables.map((table) => table.tableName), ready, close: () => engine.close() };
}

function startError(error: unknown): GatelinkError {
  return new GatelinkError('GL_ERR_ENGINE_START', { engine: 'DynamoDB (dynalite)', detail: String(error) }, { cause: error });
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
