/**
 * A CDK app as users write it (packages/gatelink/test/fixtures/user-app), through `gatelink up
 * --parameters`, as a user runs it: ApplicationLoadBalancedFargateService in an existing VPC named by
 * CfnParameters, a generated Secrets Manager secret and an SSM parameter as container secrets.
 *
 * Without the parameters the start fails with one error naming each. With them, the task proves it
 * got the generated password (its SHA-256, as a container secret and read at run time through the
 * embedded Secrets Manager API) — the value never appears in gatelink's output, the task logs or
 * `status` — and a restart keeps the same secret.
 *
 * The ALB is internet-facing, so its listener has a host port (`loadBalancers` in `gatelink status`):
 * every request goes there, through the listener and its security groups, as a browser's would.
 *
 * The container health check (its `healthCheck` command, not the ALB's target health check) decides
 * the task's health: a container whose command starts failing (`POST /sick`; its target still passes
 * the ALB's check) is UNHEALTHY, and ECS replaces its task.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allHealthy, eventually, repoRoot, scratchDir, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

const APP = ['--app', 'node --import tsx packages/gatelink/test/fixtures/user-app/app.ts'];
const PARAMETERS = ['--parameters', 'VpcId=vpc-0a1b2c3d', 'PrivateSubnetIds=subnet-0a01,subnet-0a02', 'PublicSubnetIds=subnet-0b01,subnet-0b02'];
const dataDir = scratchDir('gatelink-user-app-');

interface Answer {
  passwordSha256: string | null;
  runtimePasswordSha256: string | null;
  mode: string | null;
}

/** The generated password, read from the store the way only the test may: to compare hashes. */
function storedPassword(): string {
  const store = JSON.parse(readFileSync(path.join(dataDir, 'secrets', 'store.json'), 'utf8')) as { secrets: Record<string, { versions: { value: string; stages: string[] }[] }> };
  const [secret] = Object.values(store.secrets);
  const current = secret?.versions.find((version) => version.stages.includes('AWSCURRENT'));
  assert.ok(current, 'the generated secret is in the data dir');
  return (JSON.parse(current.value) as { password: string }).password;
}

interface PublicListeners { loadBalancers?: { scheme: string; listeners: { url?: string }[] }[] }

/** Waits for the service to be healthy behind its ALB; the ALB's public listener URL (its host port). */
async function healthyBehindAlb(system: RunningSystem): Promise<string> {
  const status = await eventually(async () => {
    const current = await system.status();
    return allHealthy(current) && current.targetGroups[0]?.targets.some((target) => target.state === 'healthy') ? current : undefined;
  }, 120_000, `the service healthy behind its ALB\n${system.output()}`);
  const url = (status as unknown as PublicListeners).loadBalancers?.find((lb) => lb.scheme === 'internet-facing')?.listeners[0]?.url;
  assert.ok(url, 'the internet-facing ALB listener has a host port');
  return url;
}

async function askTheTask(system: RunningSystem): Promise<Answer> {
  const alb = await healthyBehindAlb(system);
  return (await (await fetch(`${alb}/`)).json()) as Answer;
}

/** Every file under the data dir's logs, as text. */
function taskLogs(): string {
  const files: string[] = [];
  const walk = (dir: string) => readdirSync(dir).forEach((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : files.push(path.join(dir, name))));
  walk(path.join(dataDir, 'logs'));
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('without --parameters the start fails with ONE error naming every parameter without a value', async () => {
  const system = await startSystem({ args: APP, dataDir });
  const code = await new Promise<number | null>((resolve) => system.child.once('exit', resolve));
  assert.equal(code, 1);
  const output = system.output();
  assert.equal(output.match(/GL_ERR_PLAN_PARAMETERS/g)?.length, 1, output);
  for (const name of ['UserAppStack:VpcId', 'UserAppStack:PrivateSubnetIds', 'UserAppStack:PublicSubnetIds']) assert.ok(output.includes(name), `${name} named in\n${output}`);
});

test('with --parameters: the task gets the generated secret (by hash) and the SSM parameter; no value leaks; a restart keeps the secret', async () => {
  const first = await startSystem({ args: [...APP, ...PARAMETERS], dataDir });
  let answer: Answer;
  let statusText: string;
  try {
    answer = await askTheTask(first);
    statusText = JSON.stringify(await first.status());
  } finally {
    await first.stop();
  }
  const password = storedPassword();
  assert.match(password, /^[A-Za-z0-9]{40}$/, 'GenerateSecretString: 40 characters, no punctuation');
  assert.equal(answer.passwordSha256, sha256(password), 'the container secret DB_PASSWORD was injected');
  assert.equal(answer.runtimePasswordSha256, sha256(password), 'the task read the same secret through AWS_ENDPOINT_URL_SECRETS_MANAGER');
  assert.equal(answer.mode, 'from-ssm', 'the SSM parameter was injected');
  for (const [where, text] of [['gatelink output', first.output()], ['task logs', taskLogs()], ['status', statusText]] as const) {
    assert.ok(!text.includes(password), `the secret value appears in the ${where}`);
  }
  const listed = execFileSync('npm', ['exec', '--', 'gatelink', 'secrets', 'list', '--data-dir', dataDir], { cwd: repoRoot, encoding: 'utf8' });
  assert.match(listed, /DbSecret/);
  assert.ok(!listed.includes(password));

  const second = await startSystem({ args: [...APP, ...PARAMETERS], dataDir });
  try {
    assert.equal((await askTheTask(second)).passwordSha256, sha256(password), 'the same secret after a restart');
  } finally {
    await second.stop();
  }
});

test('a container whose health-check command starts failing is UNHEALTHY and its task replaced, though the ALB still finds its target healthy', { timeout: 180_000 }, async () => {
  const system = await startSystem({ args: [...APP, ...PARAMETERS], dataDir: scratchDir('gatelink-user-app-health-') });
  try {
    const alb = await healthyBehindAlb(system);
    const [sick] = (await system.status()).services[0]?.tasks ?? [];
    assert.ok(sick);
    const marked = await fetch(`${alb}/sick`, { method: 'POST' });
    assert.equal(marked.status, 200);
    assert.equal(((await marked.json()) as { pid: number }).pid, sick.pid, 'the ALB sent POST /sick to the one task');
    const replaced = await eventually(async () => {
      const status = await system.status();
      const service = status.services[0];
      const healthy = service?.tasks.filter((task) => task.id !== sick.id && task.health === 'healthy') ?? [];
      return !service?.tasks.some((task) => task.id === sick.id) && healthy.length === 1 ? status : undefined;
    }, 120_000, `the sick task replaced by a healthy one\n${system.output()}`);
    assert.ok(replaced.services[0]?.stoppedTasks.some((task) => task.id === sick.id), 'the sick task is among the stopped tasks');
    const answer = await fetch(`${alb}/`);
    assert.equal(answer.status, 200, 'the replacement serves through the ALB');
    await answer.arrayBuffer();
  } finally {
    await system.stop();
  }
});

