/**
 * Secrets and parameters of one running system: the data dir's store (opened before the plan, whose
 * SSM-typed template parameters read it), the app's secrets made or kept, dynamic references
 * resolved, and the embedded Secrets Manager / SSM API started when anything may read it. Only names
 * and counts are ever logged or printed.
 */
import type { Logger } from 'pino';
import type { Progress } from '../cli/progress.js';
import { startSecretsApi } from '../engines/secrets-api/server.js';
import type { SecretsApi } from '../engines/secrets-api/server.js';
import type { ContainerPlan, Plan } from '../plan/types.js';
import { resolveDynamicReferences } from '../secrets/dynamic.js';
import { containerSecretEnv } from '../secrets/inject.js';
import type { InjectedSecrets } from '../secrets/inject.js';
import { SecretStore } from '../secrets/store.js';

export interface SystemSecrets {
  readonly store: SecretStore;
  /** Called once the plan knows the region and account: the ARN of a secret the app does not define. */
  bindAccount(region: string, accountId: string): void;
  /** A container's `Secrets` as environment variables, fetched when one of its tasks starts. */
  containerSecrets(container: ContainerPlan): InjectedSecrets;
}

export function openSecrets(dataDir: string): SystemSecrets {
  let account = { region: 'us-east-1', accountId: '000000000000' };
  const store = SecretStore.open(dataDir, (name) => `arn:aws:secretsmanager:${account.region}:${account.accountId}:secret:${name}`);
  return { store, bindAccount: (region, accountId) => (account = { region, accountId }), containerSecrets: (container) => containerSecretEnv(container, store) };
}

/** Makes new or changed secret values, resolves `{{resolve:…}}` references, warns about stand-ins. */
export function applySecrets(plan: Plan, secrets: SystemSecrets, logger: Logger): Plan {
  secrets.bindAccount(plan.region, plan.accountId);
  secrets.store.syncWithPlan(plan.secrets ?? [], plan.ssmParameters ?? []);
  for (const standIn of plan.parameterStandIns ?? []) {
    logger.warn({ parameter: standIn }, 'SSM-typed template parameter: its SSM parameter is not in the local store, so a stand-in is used (set it with `gatelink secrets set --parameter NAME VALUE`)');
  }
  return resolveDynamicReferences(plan, secrets.store);
}

/** The embedded API, when the app has secrets, parameters or container secrets, or the store holds any. */
export async function startSecretsEngine(plan: Plan, secrets: SystemSecrets, progress: Progress): Promise<SecretsApi | undefined> {
  const containerSecrets = plan.ecsServices.some((service) => service.taskDefinition.containers.some((c) => (c.secrets ?? []).length > 0));
  const held = secrets.store.secrets().length + secrets.store.parameters().length;
  if (held === 0 && !containerSecrets) return undefined;
  const api = await startSecretsApi({ store: secrets.store, region: plan.region, accountId: plan.accountId });
  progress.step('secrets', `${secrets.store.secrets().length} secret(s), ${secrets.store.parameters().length} parameter(s): Secrets Manager / SSM API at ${api.endpoint}`);
  return api;
}
