/**
 * `X-Amzn-Trace-Id` as the ALB writes it on the request (never the response):
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-request-tracing.html
 * - absent: `Root=1-<8 hex epoch seconds>-<24 hex>`;
 * - with a `Root`: a `Self=1-…` field is prepended, or updated in place when there is one; other fields kept;
 * - request headers over 7 KB: rewritten with just a `Root` field.
 * A header without a `Root` (not documented) gets a new `Root` prepended, keeping its fields.
 */
import { randomFillSync } from 'node:crypto';
import type { HeaderMap } from '../types.js';

const RANDOM_BYTES_PER_ID = 12;
const random = Buffer.allocUnsafe(RANDOM_BYTES_PER_ID * 256);
let randomOffset = random.length;

/** A new trace identifier `1-<epoch hex>-<24 hex>`; random bytes are drawn in batches. */
export function newTraceId(nowMs: number = Date.now()): string {
  if (randomOffset + RANDOM_BYTES_PER_ID > random.length) {
    randomFillSync(random);
    randomOffset = 0;
  }
  const id = random.toString('hex', randomOffset, randomOffset + RANDOM_BYTES_PER_ID);
  randomOffset += RANDOM_BYTES_PER_ID;
  return `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${id}`;
}

/** The header value the ALB forwards, given the incoming one and a fresh identifier. */
export function nextTraceHeader(incoming: string | undefined, id: string, headersTooLarge = false): string {
  if (incoming === undefined || incoming.trim() === '' || headersTooLarge) return `Root=${id}`;
  const fields = incoming.split(';').map((field) => field.trim()).filter((field) => field !== '');
  const hasRoot = fields.some((field) => fieldName(field) === 'root');
  if (!hasRoot) return [`Root=${id}`, ...fields].join(';');
  const selfIndex = fields.findIndex((field) => fieldName(field) === 'self');
  if (selfIndex === -1) return [`Self=${id}`, ...fields].join(';');
  fields[selfIndex] = `Self=${id}`;
  return fields.join(';');
}

/** The ALB rewrites the trace header with just a Root when request headers exceed 7 KB. */
const TRACE_HEADERS_LIMIT = 7 * 1024;

/** Sets `x-amzn-trace-id` on forwarded request headers. */
export function stampTraceId(headers: HeaderMap, nowMs?: number): void {
  const current = headers['x-amzn-trace-id'];
  const incoming = Array.isArray(current) ? current[0] : current;
  const tooLarge = incoming !== undefined && headerBytes(headers) > TRACE_HEADERS_LIMIT;
  headers['x-amzn-trace-id'] = nextTraceHeader(incoming, newTraceId(nowMs), tooLarge);
}

function fieldName(field: string): string {
  const equals = field.indexOf('=');
  return (equals === -1 ? field : field.slice(0, equals)).trim().toLowerCase();
}

/** Approximate size of the header block (`name: value\r\n` per line). */
function headerBytes(headers: HeaderMap): number {
  let total = 0;
  for (const name in headers) {
    const value = headers[name] as string | string[];
    if (Array.isArray(value)) for (const item of value) total += name.length + item.length + 4;
    else total += name.length + value.length + 4;
  }
  return total;
}
