/**
 * Test support shared by both services: a real dynalite on a free port with a table shaped like the
 * one infra creates (partition key `id`, a number), and the environment that points the SDK at it.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AJV_OPTIONS } from './app.js';
import type { ResourceDefinition } from './definition.js';
import { bodySchemas } from './routes.js';

type DynaliteFactory = (options: { createTableMs?: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export interface TestDatabase {
  readonly endpoint: string;
  readonly tableName: string;
  /** SDK environment for a child process (the service reads only standard variables). */
  readonly env: Record<string, string>;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

export async function startTestDatabase(tableName = 'items'): Promise<TestDatabase> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
  Object.assign(process.env, env);
  const client = new DynamoDBClient({ endpoint, region: env.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await client.send(
    new CreateTableCommand({ TableName: tableName, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
  return {
    endpoint,
    tableName,
    env,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface MetaSchemaValidator {
  validateSchema(schema: object): boolean;
  errorsText(): string;
  compile(schema: object): unknown;
}

/**
 * What the services skip at start (`validateSchema: false` in AJV_OPTIONS): each write body schema
 * of `definition` checked against the JSON Schema meta-schema, by the Ajv that Fastify itself uses.
 * Returns one line per invalid schema; empty when all are valid.
 */
export function bodySchemaProblems(definition: ResourceDefinition): string[] {
  const local = createRequire(import.meta.url);
  const fastifysAjv = createRequire(local.resolve('@fastify/ajv-compiler'))('ajv') as { default: new (options: object) => MetaSchemaValidator };
  const ajv = new fastifysAjv.default({ ...AJV_OPTIONS, validateSchema: true });
  return Object.entries(bodySchemas(definition)).flatMap(([route, schema]) => {
    if (!ajv.validateSchema(schema)) return [`${route}: ${ajv.errorsText()}`];
    try {
      // Strict mode: an unknown keyword fails here, not on the route's first request.
      ajv.compile(schema);
      return [];
    } catch (error) {
      return [`${route}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}
