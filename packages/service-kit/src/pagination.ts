/**
 * Pagination for list endpoints: `?limit=&nextToken=`. The body stays a JSON array (the seed's
 * contract); the token for the next page travels in the `x-next-token` header and a `Link` header.
 * Tokens are opaque to clients: base64url of DynamoDB's LastEvaluatedKey.
 */
import { HttpError } from './http-error.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface PageRequest {
  readonly limit: number;
  readonly startKey?: Record<string, unknown>;
}

export function parsePageRequest(query: Record<string, unknown>): PageRequest {
  const errors: { path: string; message: string }[] = [];
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    const parsed = Number(query.limit);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_LIMIT) errors.push({ path: '/limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
    else limit = parsed;
  }
  let startKey: Record<string, unknown> | undefined;
  if (query.nextToken !== undefined) {
    startKey = decodeToken(String(query.nextToken));
    if (!startKey) errors.push({ path: '/nextToken', message: 'is not a token this API issued' });
  }
  if (errors.length > 0) throw new HttpError(400, 'invalid query string', errors);
  return { limit, startKey };
}

export function encodeToken(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeToken(token: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'number') return value as Record<string, unknown>;
  } catch {
    // fall through: not ours
  }
  return undefined;
}
