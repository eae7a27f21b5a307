/**
 * What the end-to-end tests of examples/queue-worker share: whether this gatelink can run the example
 * at all (it needs REST APIs: until they are emulated `gatelink up` refuses AWS::ApiGateway::RestApi,
 * and the tests skip saying so), the API key's local value, and the system's queue and service views.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { supportOf } from '../../packages/gatelink/src/plan/support.js';

export const EXAMPLE = ['--cdk-dir', 'examples/queue-worker'];

/** Why the example cannot run yet (the exact reason `gatelink up` would refuse it), or undefined when it can. */
export function restApiRefusal(): string | undefined {
  const support = supportOf('AWS::ApiGateway::RestApi');
  if (support.level === 'rejected') return `gatelink up refuses AWS::ApiGateway::RestApi (${support.reason}); this test runs once REST APIs are emulated`;
  // The GET /items path crosses an NLB: until NLBs are served, the support table says so.
  const nlb = supportOf('AWS::ElasticLoadBalancingV2::LoadBalancer').reason;
  return nlb.includes('network load balancers are accepted but not served') ? `gatelink does not serve network load balancers yet (${nlb}); this test runs once NLBs are emulated` : undefined;
}

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
