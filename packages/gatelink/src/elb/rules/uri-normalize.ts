/**
 * URI normalisation before path matching. AWS: "The rule evaluation is performed only after URI
 * normalization occurs" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
 * We apply RFC 3986 §6.2.2: decode percent-encoded unreserved characters, upper-case the hex of the
 * others, remove `.`/`..` segments. The forwarded path itself is never rewritten.
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Normalises a request path for matching; the common case (nothing to do) costs two scans. */
export function normalizePath(path: string): string {
  if (!path.includes('%') && !path.includes('/.')) return path;
  const decoded = path.includes('%') ? normalizePercentEncoding(path) : path;
  return decoded.includes('/.') ? removeDotSegments(decoded) : decoded;
}

function normalizePercentEncoding(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : whole.toUpperCase();
  });
}

/** RFC 3986 §5.2.4 for absolute paths. */
function removeDotSegments(path: string): string {
  const segments = path.split('/');
  const output: string[] = [];
  for (let i = 1; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') output.pop();
      if (last) output.push('');
    } else {
      output.push(segment);
    }
  }
  return `/${output.join('/')}`;
}

/** Percent-decodes one query component; malformed escapes are compared as written. */
export function decodeComponent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
