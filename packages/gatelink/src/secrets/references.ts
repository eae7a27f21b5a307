/**
 * What names a secret or a parameter: a container's `Secrets[].ValueFrom` (ECS) and CloudFormation's
 * dynamic references `{{resolve:secretsmanager:…}}` / `{{resolve:ssm:…}}` / `{{resolve:ssm-secure:…}}`.
 *
 * ValueFrom: a Secrets Manager ARN, optionally followed by `:json-key:version-stage:version-id` (each
 * may be empty), or an SSM parameter ARN (`…:parameter/name`) or name.
 */
export type SecretReference =
  | { readonly kind: 'secretsmanager'; readonly secretId: string; readonly jsonKey?: string; readonly versionStage?: string; readonly versionId?: string }
  | { readonly kind: 'ssm'; readonly name: string; readonly version?: string };

/** An ARN has six colon-separated fields before its resource; a secret's resource is `secret:<name>`. */
const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:[^:]+/;
const SSM_ARN = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(\/.*)$/;

export function parseValueFrom(valueFrom: string): SecretReference {
  const secret = SECRET_ARN.exec(valueFrom);
  if (secret) {
    const [jsonKey, versionStage, versionId] = valueFrom.slice(secret[0].length).split(':').slice(1);
    return { kind: 'secretsmanager', secretId: secret[0], ...present({ jsonKey, versionStage, versionId }) };
  }
  return { kind: 'ssm', name: ssmName(valueFrom) };
}

/** `arn:…:parameter/a/b` names `/a/b`; `arn:…:parameter/plain` names `plain` (names without a leading slash). */
export function ssmName(nameOrArn: string): string {
  const match = SSM_ARN.exec(nameOrArn);
  if (!match) return nameOrArn;
  const rest = (match[1] as string).slice(1);
  return rest.includes('/') ? `/${rest}` : rest;
}

const DYNAMIC = /\{\{resolve:(secretsmanager|ssm-secure|ssm):([^}]*)\}\}/g;

/** Parses one dynamic reference's body (after `resolve:<service>:`). */
export function parseDynamicReference(service: string, body: string): SecretReference {
  if (service !== 'secretsmanager') {
    const at = body.lastIndexOf(':');
    // `name:version` — a name may itself hold no colon unless it is an ARN.
    if (at > 0 && /^\d+$/.test(body.slice(at + 1))) return { kind: 'ssm', name: ssmName(body.slice(0, at)), version: body.slice(at + 1) };
    return { kind: 'ssm', name: ssmName(body) };
  }
  const arn = SECRET_ARN.exec(body)?.[0];
  const secretId = arn ?? body.split(':')[0] ?? '';
  // After the id: SecretString : json-key : version-stage : version-id
  const [, jsonKey, versionStage, versionId] = body.slice(secretId.length + 1).split(':');
  return { kind: 'secretsmanager', secretId, ...present({ jsonKey, versionStage, versionId }) };
}

/** Replaces every dynamic reference in `text`; `lookup` gives a reference's value or throws. */
export function replaceDynamicReferences(text: string, lookup: (reference: SecretReference, raw: string) => string): string {
  if (!text.includes('{{resolve:')) return text;
  return text.replace(DYNAMIC, (raw, service: string, body: string) => lookup(parseDynamicReference(service, body), raw));
}

function present(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
}
