/**
 * A container's `Secrets`, as the ECS agent fills them before the container starts: each named
 * environment variable gets the secret's value (or its JSON key), or the parameter's. When one cannot
 * be had, ECS does not start the task: it stops with a `ResourceInitializationError` naming the
 * secret. The messages follow what ECS reports (its exact wording is not documented); they name the
 * secret or key, never a value.
 */
import type { ContainerPlan } from '../plan/types.js';
import { lookupReference } from './lookup.js';
import { parseValueFrom } from './references.js';
import type { SecretStore } from './store.js';

export type InjectedSecrets =
  | { readonly env: Record<string, string> }
  | { readonly failure: { readonly variable: string; readonly valueFrom: string; readonly stoppedReason: string } };

const PREFIX = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed:';

export function containerSecretEnv(container: ContainerPlan, store: SecretStore): InjectedSecrets {
  const env: Record<string, string> = {};
  for (const { name, valueFrom } of container.secrets ?? []) {
    const reference = parseValueFrom(valueFrom);
    const found = lookupReference(store, reference);
    if (found.ok) {
      env[name] = found.value;
      continue;
    }
    const reason =
      found.missing === 'parameter'
        ? `${PREFIX} unable to retrieve secrets from ssm: InvalidParameters: invalid parameters: ${found.what}`
        : found.missing === 'json-key'
          ? `${PREFIX} unable to retrieve secrets from asm: retrieved secret from Secrets Manager did not contain json key ${found.what}`
          : `${PREFIX} unable to retrieve secret from asm: failed to fetch secret ${found.what} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret${found.missing === 'version' ? ' value for staging label or version' : ''}.`;
    return { failure: { variable: name, valueFrom, stoppedReason: reason } };
  }
  return { env };
}
