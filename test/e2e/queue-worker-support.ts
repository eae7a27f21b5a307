/**
 * What the end-to-end tests of examples/queue-worker share: how to start it, the API key's local
 * value, and the system's queue and service views.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

export const EXAMPLE = ['--cdk-dir', 'examples/queue-worker'];

/**
 * The API key's value locally. The template sets none (AWS generates one); gatelink derives it from
 * the key's id, as the REST API emulation does (sha-256 of `<Stack>/<LogicalId>/api-key`, 40 hex).
 */
export function apiKeyValue(dataDir: string): string {
  const assembly = path.join(dataDir, 'cdk.out');
  const file = readdirSync(assembly).find((name) => name.startsWith('QueueWorkerStack') && name.endsWith('.template.json'));
  const template = JSON.parse(readFileSync(path.join(assembly, file ?? ''), 'utf8')) as { Resources: Record<string, { Type: string }> };
  const [logicalId] = Object.entries(template.Resources).find(([, resource]) => resource.Type === 'AWS::ApiGateway::ApiKey') ?? [];
  return createHash('sha256').update(`QueueWorkerStack/${logicalId}/api-key`).digest('hex').slice(0, 40);
}

export interface QueueStatus { name: string; visible: number; inFlight: number; delayed: number; deadLetter?: { queue: string; maxReceiveCount: number } }
export interface QueueWorkerStatus {
  endpoints: { sqs?: string; dynamodb?: string };
  queues?: QueueStatus[];
  services: { name: string; desiredCount: number; tasks: { id: string; pid: number; health: string }[] }[];
}

export async function queueWorkerStatus(admin: string): Promise<QueueWorkerStatus> {
  return (await (await fetch(`${admin}/v1/status`)).json()) as QueueWorkerStatus;
}
