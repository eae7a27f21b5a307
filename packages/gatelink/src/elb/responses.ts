/**
 * Everything the ALB answers by itself, as data: the error pages it generates (status → reason and
 * HTML body), fixed responses and redirects. Bodies are built once at load time.
 *
 * Statuses and when they happen: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html
 * The exact bytes of ALB pages are undocumented; observed ones (curl output in public issues, e.g.
 * https://github.com/internetstandards/Internet.nl/issues/1291 and
 * https://github.com/stratospheric-dev/cdk-constructs/pull/19, whose Content-Lengths these pages match)
 * are nginx-style HTML with every line ending in CRLF, `Content-Type: text/html`, `Server: awselb/2.0`;
 * a 302 says "Moved Temporarily" in its status line and "302 Found" in its page; 503 reads
 * "Service Temporarily Unavailable".
 */
import { Readable } from 'node:stream';
import type { HeaderMap, HopFailure, ProxyResponse } from '../proxy/types.js';

/** The statuses the emulated ALB generates itself. */
export type ElbErrorStatus = 400 | 405 | 460 | 463 | 500 | 502 | 503 | 504;

interface ErrorPage {
  readonly reason: string;
  /** null for 460: the client is gone, nothing is sent. */
  readonly body: Buffer | null;
}

const REASONS: Readonly<Record<ElbErrorStatus, string>> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  460: 'Client Closed Request',
  // Status documented, reason phrase not: this one only says what happened.
  463: 'Too Many X-Forwarded-For Addresses',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Timeout',
};

/** The ALB's own error pages, one per status. */
export const ELB_ERROR_PAGES: Readonly<Record<ElbErrorStatus, ErrorPage>> = Object.fromEntries(
  Object.entries(REASONS).map(([status, reason]) => [status, { reason, body: status === '460' ? null : htmlPage(`${status} ${reason}`) }]),
) as unknown as Record<ElbErrorStatus, ErrorPage>;

/** The header every ALB-generated response carries. */
export const ELB_SERVER_HEADER = 'awselb/2.0';

/** An ALB-generated error response; `explanation` names the listener, rule or target group at fault. */
export function elbErrorResponse(status: ElbErrorStatus, explanation: string, failure?: HopFailure): ProxyResponse {
  const page = ELB_ERROR_PAGES[status];
  const headers: HeaderMap = { server: ELB_SERVER_HEADER };
  if (page.body !== null) {
    headers['content-type'] = 'text/html';
    headers['content-length'] = String(page.body.length);
  }
  return {
    statusCode: status,
    statusMessage: page.reason,
    headers,
    body: page.body && bodyStream(page.body),
    origin: 'elb',
    explanation,
    ...(failure ? { failure } : {}),
  };
}

/** A `fixed-response` action's answer: status, content type and body exactly as configured. */
export function fixedResponse(statusCode: number, contentType: string | undefined, body: Buffer, explanation: string): ProxyResponse {
  const headers: HeaderMap = { server: ELB_SERVER_HEADER, 'content-length': String(body.length) };
  if (contentType !== undefined) headers['content-type'] = contentType;
  return { statusCode, headers, body: body.length === 0 ? null : bodyStream(body), origin: 'elb', explanation };
}

/** A `redirect` action's answer: 301/302 with `Location` and a small HTML page. */
export function redirectResponse(statusCode: 301 | 302, location: string, explanation: string): ProxyResponse {
  const body = REDIRECT_PAGES[statusCode];
  const headers: HeaderMap = { server: ELB_SERVER_HEADER, location, 'content-type': 'text/html', 'content-length': String(body.length) };
  return { statusCode, statusMessage: REDIRECT_REASONS[statusCode], headers, body: bodyStream(body), origin: 'elb', explanation };
}

const REDIRECT_REASONS: Readonly<Record<301 | 302, string>> = { 301: 'Moved Permanently', 302: 'Moved Temporarily' };
const REDIRECT_PAGES: Readonly<Record<301 | 302, Buffer>> = { 301: htmlPage('301 Moved Permanently'), 302: htmlPage('302 Found') };

function htmlPage(title: string): Buffer {
  return Buffer.from(['<html>', `<head><title>${title}</title></head>`, '<body>', `<center><h1>${title}</h1></center>`, '</body>', '</html>', ''].join('\r\n'));
}

function bodyStream(bytes: Buffer): Readable {
  return Readable.from([bytes], { objectMode: false });
}
