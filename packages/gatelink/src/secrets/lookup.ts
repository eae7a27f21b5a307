/** The value a reference names, or why there is none (the caller words the error as its AWS service does). */
import type { SecretReference } from './references.js';
import type { SecretStore } from './store.js';

export type Lookup =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly missing: 'secret' | 'version' | 'json-key' | 'parameter'; readonly what: string };

export function lookupReference(store: SecretStore, reference: SecretReference): Lookup {
  if (reference.kind === 'ssm') {
    const parameter = store.parameter(reference.name);
    if (!parameter || (reference.version !== undefined && String(parameter.version) !== reference.version)) return { ok: false, missing: 'parameter', what: reference.name };
    return { ok: true, value: parameter.value };
  }
  const secret = store.findSecret(reference.secretId);
  if (!secret) return { ok: false, missing: 'secret', what: reference.secretId };
  const version = store.version(secret, reference);
  if (!version) return { ok: false, missing: 'version', what: reference.secretId };
  if (reference.jsonKey === undefined) return { ok: true, value: version.value };
  const value = jsonKeyOf(version.value, reference.jsonKey);
  return value === undefined ? { ok: false, missing: 'json-key', what: reference.jsonKey } : { ok: true, value };
}

/** A key of a JSON secret as a string (objects and numbers as their JSON text, as ECS gives them). */
function jsonKeyOf(secret: string, key: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || !(key in parsed)) return undefined;
  const value = (parsed as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : JSON.stringify(value);
}
