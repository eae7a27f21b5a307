/**
 * `GenerateSecretString` / `GetRandomPassword` as Secrets Manager documents them: 32 characters by
 * default, from upper- and lower-case letters, digits and the punctuation
 * !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ (a space only with IncludeSpace), less ExcludeCharacters; with
 * RequireEachIncludedType (the default) at least one of every included type. Random by node:crypto.
 * With SecretStringTemplate + GenerateStringKey the password goes into the template's JSON object.
 */
import { randomInt } from 'node:crypto';
import { GatelinkError } from '../errors.js';
import type { GenerateSecretSpec } from '../plan/types.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
export const DEFAULT_PASSWORD_LENGTH = 32;
const MAX_PASSWORD_LENGTH = 4096;

/** The secret string for a spec: a password, or the template's JSON with the password under its key. */
export function generateSecretString(spec: GenerateSecretSpec, where: string): string {
  const password = randomPassword(spec, where);
  const { secretStringTemplate: template, generateStringKey: key } = spec;
  if (template === undefined && key === undefined) return password;
  if (template === undefined || key === undefined) throw invalid(where, 'SecretStringTemplate and GenerateStringKey must be given together');
  let object: unknown;
  try {
    object = JSON.parse(template);
  } catch {
    throw invalid(where, 'SecretStringTemplate is not valid JSON');
  }
  if (!object || typeof object !== 'object' || Array.isArray(object)) throw invalid(where, 'SecretStringTemplate must be a JSON object');
  return JSON.stringify({ ...(object as Record<string, unknown>), [key]: password });
}

export function randomPassword(spec: GenerateSecretSpec, where: string): string {
  const length = spec.passwordLength ?? DEFAULT_PASSWORD_LENGTH;
  if (!Number.isInteger(length) || length < 1 || length > MAX_PASSWORD_LENGTH) throw invalid(where, `PasswordLength must be 1 to ${MAX_PASSWORD_LENGTH}`);
  const excluded = new Set(spec.excludeCharacters ?? '');
  const keep = (chars: string) => [...chars].filter((char) => !excluded.has(char)).join('');
  const types = [
    spec.excludeUppercase ? '' : keep(UPPER),
    spec.excludeLowercase ? '' : keep(LOWER),
    spec.excludeNumbers ? '' : keep(DIGITS),
    spec.excludePunctuation ? '' : keep(PUNCTUATION),
  ].filter((chars) => chars.length > 0);
  const pool = types.join('') + (spec.includeSpace && !excluded.has(' ') ? ' ' : '');
  if (pool.length === 0) throw invalid(where, 'every character is excluded');
  const required = spec.requireEachIncludedType === false ? [] : types.map(pick);
  if (required.length > length) throw invalid(where, `PasswordLength ${length} is too short for one character of each of the ${required.length} included types`);
  const chars = [...required, ...Array.from({ length: length - required.length }, () => pick(pool))];
  // Fisher–Yates, so the required characters are not always first.
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function pick(chars: string): string {
  return chars[randomInt(chars.length)] as string;
}

function invalid(where: string, detail: string): GatelinkError {
  return new GatelinkError('GL_ERR_SECRET_INVALID', { resource: where, detail });
}
