/**
 * CloudFormation dynamic references in a plan: `{{resolve:secretsmanager:…}}`, `{{resolve:ssm:…}}`
 * and `{{resolve:ssm-secure:…}}` anywhere a resolved string holds one (a container's environment,
 * most often) get the value from the local store. One that names nothing fails the start, as
 * CloudFormation fails the deployment; the error names the reference, never a value.
 */
import { GatelinkError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { lookupReference } from './lookup.js';
import { replaceDynamicReferences } from './references.js';
import type { SecretStore } from './store.js';

export function resolveDynamicReferences(plan: Plan, store: SecretStore): Plan {
  // The support notes are gatelink's own words about the app (they may quote the syntax), not its values.
  const { support, ...values } = plan;
  if (!JSON.stringify(values).includes('{{resolve:')) return plan;
  const resolved = deepMap(values, (text) =>
    replaceDynamicReferences(text, (reference, raw) => {
      const found = lookupReference(store, reference);
      if (found.ok) return found.value;
      const hint = reference.kind === 'ssm' ? `gatelink secrets set --parameter ${reference.name} VALUE` : `gatelink secrets set ${reference.secretId} VALUE`;
      throw new GatelinkError('GL_ERR_SECRET_NOT_FOUND', { reference: raw, detail: `no ${found.missing === 'json-key' ? `key ${found.what} in the secret` : found.missing} of that name or version in the local store`, fix: hint });
    }),
  );
  return { ...(resolved as Omit<Plan, 'support'>), support };
}

function deepMap(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => deepMap(item, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deepMap(item, map)]));
  return value;
}
