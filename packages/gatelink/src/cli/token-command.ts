/**
 * `gatelink token`: mints a JWT signed by gatelink's local issuer (dev only), for apps whose JWT
 * authorizer names LOCAL_ISSUER. The key lives in the data dir, so a running gatelink accepts it.
 */
import { GatelinkError } from '../errors.js';
import { LocalIssuer } from '../issuer/local-issuer.js';
import * as z from '../zod.js';
import { dataDirFrom } from './defaults.js';

export interface TokenFlags {
  readonly sub: string;
  readonly scope?: string[];
  readonly aud?: string[];
  readonly clientId?: string;
  readonly expiresIn?: string;
  readonly claim?: string[];
  readonly dataDir?: string;
}

const duration = z.string().check(z.regex(/^\d+[smhd]$/, 'use a number and a unit: 30s, 15m, 1h, 7d'));
const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

export async function runToken(flags: TokenFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const expiresIn = duration.safeParse(flags.expiresIn ?? '1h');
  if (!expiresIn.success) throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `--expires-in ${flags.expiresIn}: ${expiresIn.error.issues[0]?.message}` });
  const issuer = await LocalIssuer.open(dataDirFrom(flags.dataDir));
  const token = await issuer.mint({
    subject: flags.sub,
    scopes: (flags.scope ?? []).flatMap((scope) => scope.split(/[\s,]+/).filter(Boolean)),
    audience: flags.aud ?? [],
    ...(flags.clientId ? { clientId: flags.clientId } : {}),
    expiresInSeconds: toSeconds(expiresIn.data),
    claims: parseClaims(flags.claim ?? []),
  });
  out.write(`${token}\n`);
  return 0;
}

function toSeconds(value: string): number {
  return Number(value.slice(0, -1)) * UNIT_SECONDS[value.slice(-1) as keyof typeof UNIT_SECONDS];
}

/** `--claim name=value`; a value that parses as JSON (numbers, arrays, true) keeps its type. */
export function parseClaims(pairs: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `--claim ${pair}: use name=value` });
    const raw = pair.slice(at + 1);
    claims[pair.slice(0, at)] = parseJsonOr(raw);
  }
  return claims;
}

function parseJsonOr(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
