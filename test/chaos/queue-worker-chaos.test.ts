/**
 * Chaos for examples/queue-worker (seed 002): a steady load of POST /messages through the REST API
 * while processing-service is redeployed twice and one of its tasks is SIGKILLed. Every message the
 * API acknowledged (202 with a message id) must end as exactly one stored result.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { RunningSystem } from '../e2e/system.js';
import { allHealthy, eventually, repoRoot, startSystem } from '../e2e/system.js';
import { EXAMPLE, apiKeyValue, queueWorkerStatus } from '../e2e/queue-worker-support.js';

const RATE = 20;
let system: RunningSystem;

before(async () => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'ignore' });
  system = await startSystem({ args: EXAMPLE });
  await eventually(async () => allHealthy(await system.status()), 180_000, `all healthy\n${system.output()}`);
}, { timeout: 200_000 });
after(async () => {
  await system?.stop();
});

async function deploy(service: string): Promise<void> {
  // Mutating admin routes want the per-start token, which gatelink writes to its data dir.
  const { token } = JSON.parse(readFileSync(path.join(system.dataDir, 'admin.json'), 'utf8')) as { token: string };
  const started = await fetch(`${system.admin}/v1/services/${encodeURIComponent(service)}/deployments`, { method: 'POST', headers: { 'x-gatelink-token': token } });
  assert.equal(started.status, 201);
  const { id } = (await started.json()) as { id: string };
  await eventually(async () => {
    const record = (await system.status()).services.find((s) => s.name === service) as unknown as { deployments: { id: string; status: string }[] };
    return record.deployments.find((d) => d.id === id && d.status === 'COMPLETED');
  }, 60_000, `deployment ${id} of ${service} completed`);
}

test('chaos: every acknowledged message ends in exactly one result through two redeployments and a SIGKILL', { timeout: 300_000 }, async () => {
  const key = apiKeyValue(system.dataDir);
  const acknowledged: string[] = [];
  let failed = 0;
  let stop = false;
  const sender = (async () => {
    for (let i = 0; !stop; i++) {
      const tick = new Promise((resolve) => setTimeout(resolve, 1000 / RATE));
      const response = await fetch(`${system.gateway}/prod/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ text: `chaos ${i}`, workMs: 50 }) }).catch(() => undefined);
      if (response?.status === 202) acknowledged.push(((await response.json()) as { messageId: string }).messageId);
      else failed += 1;
      await tick;
    }
  })();
  const processing = (await queueWorkerStatus(system.admin)).services.find((service) => service.name.includes('Processing'));
  assert.ok(processing);
  await deploy(processing.name);
  const victim = (await queueWorkerStatus(system.admin)).services.find((service) => service.name === processing.name)?.tasks[0];
  assert.ok(victim?.pid);
  process.kill(victim.pid, 'SIGKILL');
  await deploy(processing.name);
  stop = true;
  await sender;

  const { endpoints } = await queueWorkerStatus(system.admin);
  const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const [tableName] = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
  const stored = await eventually(async () => {
    const ids = new Set(((await dynamodb.send(new ScanCommand({ TableName: tableName }))).Items ?? []).map((item) => item.id?.S));
    return acknowledged.every((id) => ids.has(id)) ? ids : undefined;
  }, 90_000, 'every acknowledged message stored');
  dynamodb.destroy();
  console.log(`# queue-worker chaos: ${acknowledged.length} acknowledged, ${failed} refused, all stored once (${stored.size} results)`);
  assert.equal(failed, 0, 'the API acknowledged every message during the deployments');
  // Results are keyed by message id: as many results as acknowledged messages means one each, no strays.
  assert.equal(stored.size, acknowledged.length);
});
