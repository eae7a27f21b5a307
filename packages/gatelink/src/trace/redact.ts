/**
 * Headers as the console and trace exporter keep them: secrets replaced, so that a trace can be
 * shown or exported without leaking credentials. The scheme of an Authorization header is kept
 * (`Bearer [redacted]`): which kind of credential reached a hop is worth seeing.
 */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

export const REDACTED = '[redacted]';

const SECRET_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-amz-security-token']);
const SECRET_PATTERN = /token|secret|password|api[-_]?key|session/i;

export function isSecretHeader(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase()) || SECRET_PATTERN.test(name);
}

export function redactHeaders(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = isSecretHeader(name) ? redactValue(name, value) : value;
  }
  return out;
}

function redactValue(name: string, value: string | string[]): string | string[] {
  if (Array.isArray(value)) return value.map(() => REDACTED);
  if (/authorization$/i.test(name)) {
    const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}
