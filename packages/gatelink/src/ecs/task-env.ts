/**
 * The environment a native task sees. A container does not inherit the host's environment, so
 * neither does a task: it gets a minimal base, the image's ENV, the task definition's environment,
 * and what gatelink must inject (its own port, the embedded engines' endpoints, dummy credentials).
 * Queue URLs and HTTP API invoke URLs in the app's values are pointed at where gatelink serves them.
 */

/** AWS origin → local origin (`https://abc.execute-api.r.amazonaws.com` → `http://127.0.0.1:8080`): ../runtime/local-origins.ts. */
export type UrlRewrites = ReadonlyMap<string, string>;

export interface EngineEndpoints {
  readonly dynamodb?: string;
  readonly sqs?: string;
  /** The embedded Secrets Manager / SSM API (one endpoint serves both). */
  readonly secretsManager?: string;
  readonly ssm?: string;
  /** Each API's invoke origin (HTTP and REST APIs) → where the local gateway serves it. */
  readonly apiUrls?: UrlRewrites;
}

export interface TaskEnvInput {
  readonly imageEnv: Readonly<Record<string, string>>;
  readonly taskDefinitionEnv: Readonly<Record<string, string>>;
  /** The container's `Secrets`, already fetched (../secrets/inject.ts). */
  readonly secretEnv?: Readonly<Record<string, string>>;
  readonly port: number;
  readonly region: string;
  readonly engines: EngineEndpoints;
  /** ECS_CONTAINER_METADATA-style facts some apps read (service, cluster, task id). */
  readonly metadata: { readonly cluster: string; readonly service: string; readonly taskId: string };
}

/** Host variables a process needs to work at all (finding programs, temp dirs, locale). */
const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT'];

/** Dummy credentials: the embedded engines accept any, and a real account can never be reached by mistake. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'gatelinklocal', secretAccessKey: 'gatelinklocal' } as const;

export function buildTaskEnv(input: TaskEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, input.imageEnv, input.taskDefinitionEnv, input.secretEnv);
  if (input.engines.apiUrls) rewriteUrls(env, input.engines.apiUrls);
  env.PORT = String(input.port);
  // Tasks listen on loopback only: a local run must not expose services to the network.
  env.HOST = '127.0.0.1';
  env.AWS_REGION = input.region;
  env.AWS_DEFAULT_REGION = input.region;
  env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  env.AWS_EC2_METADATA_DISABLED = 'true';
  if (input.engines.dynamodb) env.AWS_ENDPOINT_URL_DYNAMODB = input.engines.dynamodb;
  if (input.engines.sqs) pointQueuesAt(env, input.engines.sqs, input.region);
  if (input.engines.secretsManager) env.AWS_ENDPOINT_URL_SECRETS_MANAGER = input.engines.secretsManager;
  if (input.engines.ssm) env.AWS_ENDPOINT_URL_SSM = input.engines.ssm;
  env.ECS_CLUSTER = input.metadata.cluster;
  env.ECS_SERVICE_NAME = input.metadata.service;
  env.ECS_TASK_ID = input.metadata.taskId;
  return env;
}

/**
 * SQS clients send a request to its QueueUrl's host, whatever endpoint they are configured with
 * (SDK v3's queueUrlMiddleware does so when the client sets no endpoint in code), so queue URLs in
 * the task's environment (`Ref` of a queue: `https://sqs.<region>.amazonaws.com/<account>/<name>`)
 * are given on the engine's origin; the path, and so the queue, is unchanged.
 */
function pointQueuesAt(env: Record<string, string>, engine: string, region: string): void {
  env.AWS_ENDPOINT_URL_SQS = engine;
  const awsOrigin = `https://sqs.${region}.amazonaws.com/`;
  for (const [name, value] of Object.entries(env)) {
    if (value.includes(awsOrigin)) env[name] = value.replaceAll(awsOrigin, `${engine}/`);
  }
}

/**
 * `env` with every AWS origin of `rewrites` replaced by its local one. An origin is replaced only where
 * it ends (`/`, `?`, `#`, a quote, whitespace, `,`, `;` or the end of the value), so a longer host is
 * left alone.
 */
export function rewriteUrls(env: Record<string, string>, rewrites: UrlRewrites): Record<string, string> {
  if (rewrites.size === 0) return env;
  const pattern = new RegExp(`(${[...rewrites.keys()].map(escapeRegExp).join('|')})(?=[/?#"'\\s,;]|$)`, 'gi');
  const byLowerCase = new Map([...rewrites].map(([aws, local]) => [aws.toLowerCase(), local]));
  for (const [name, value] of Object.entries(env)) {
    if (value.includes('.execute-api.')) env[name] = value.replace(pattern, (origin) => byLowerCase.get(origin.toLowerCase()) ?? origin);
  }
  return env;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
