/**
 * Local physical ids: what `Ref` and `Fn::GetAtt` return for a resource, shaped like AWS's (ARNs,
 * `sg-…`, generated table names) and deterministic — the same template gives the same ids on every
 * run, so data keyed by them (table names) survives restarts.
 */
import { createHash } from 'node:crypto';

export interface IdContext {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
}

export function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** CloudFormation-style generated name suffix: upper-case alphanumerics. */
export function suffix(seed: string, length = 12): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from(bytes.subarray(0, length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A generated resource name as CloudFormation builds it: `<stack>-<logicalId>-<SUFFIX>`, length-capped. */
export function generatedName(ctx: IdContext, logicalId: string, maxLength = 255): string {
  const tail = `-${suffix(`${ctx.stackName}/${logicalId}`)}`;
  const head = `${ctx.stackName}-${logicalId}`.slice(0, Math.max(1, maxLength - tail.length));
  return `${head}${tail}`;
}

export function elbName(ctx: IdContext, logicalId: string): string {
  // ELB names: at most 32 characters, alphanumerics and hyphens.
  return `${ctx.stackName.slice(0, 8)}-${logicalId.replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}-${suffix(`${ctx.stackName}/${logicalId}`, 10)}`.slice(0, 32);
}

export function arn(ctx: IdContext, service: string, resource: string, region = ctx.region): string {
  return `arn:aws:${service}:${region}:${ctx.accountId}:${resource}`;
}
