/**
 * One request's `$context`: the values API Gateway exposes to parameter mappings and access logs,
 * filled in as the request moves through the gateway's passes. Names and formats follow the HTTP API
 * variable reference: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
import type { IncomingMessage } from 'node:http';

export interface ContextSeed {
  readonly requestId: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly req: IncomingMessage;
  readonly path: string;
}

export class RequestContext {
  readonly started = performance.now();
  readonly startedAtMs = Date.now();
  stage = '-';
  routeKey = '-';
  status = 0;
  responseLength = 0;
  integrationStatus?: number;
  integrationLatencyMs?: number;
  integrationError?: string;
  errorMessage?: string;
  errorResponseType?: string;
  authorizerError?: string;
  claims?: Readonly<Record<string, unknown>>;
  pathParameters: Readonly<Record<string, string>> = {};
  stageVariables: Readonly<Record<string, string>> = {};

  constructor(readonly seed: ContextSeed) {}

  get requestId(): string {
    return this.seed.requestId;
  }

  /** A `$context.<name>` value as text, or undefined when AWS would have none for this request. */
  variable(name: string): string | undefined {
    if (name.startsWith('authorizer.claims.')) return claimText(this.claims?.[name.slice('authorizer.claims.'.length)]);
    return this.simple(name);
  }

  private simple(name: string): string | undefined {
    const { req, requestId } = this.seed;
    switch (name) {
      case 'requestId':
      case 'extendedRequestId':
        return requestId;
      case 'apiId':
        return this.seed.apiId;
      case 'accountId':
        return this.seed.accountId;
      case 'stage':
        return this.stage;
      case 'routeKey':
        return this.routeKey;
      case 'httpMethod':
        return req.method;
      case 'path':
        return this.seed.path;
      case 'protocol':
        return `HTTP/${req.httpVersion}`;
      case 'domainName':
        return req.headers.host;
      case 'domainPrefix':
        return req.headers.host?.split('.', 1)[0];
      case 'identity.sourceIp':
        return plainAddress(req.socket.remoteAddress);
      case 'identity.userAgent':
        return req.headers['user-agent'];
      case 'requestTime':
        return requestTime(this.startedAtMs);
      case 'requestTimeEpoch':
        return String(this.startedAtMs);
      case 'status':
        return this.status ? String(this.status) : undefined;
      case 'responseLength':
        return String(this.responseLength);
      case 'responseLatency':
        return String(Math.round(performance.now() - this.started));
      case 'integrationStatus':
      case 'integration.status':
        return this.integrationStatus === undefined ? undefined : String(this.integrationStatus);
      case 'integrationLatency':
      case 'integration.latency':
        return this.integrationLatencyMs === undefined ? undefined : String(Math.round(this.integrationLatencyMs));
      case 'integrationErrorMessage':
      case 'integration.error':
        return this.integrationError;
      case 'error.message':
        return this.errorMessage;
      case 'error.messageString':
        return this.errorMessage === undefined ? undefined : JSON.stringify(this.errorMessage);
      case 'error.responseType':
        return this.errorResponseType;
      case 'authorizer.error':
        return this.authorizerError;
      default:
        return undefined;
    }
  }
}

/** Claims reach mappings and logs as JSON text, except that strings are passed bare (AWS docs). */
function claimText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `::ffff:127.0.0.1` → `127.0.0.1`: the client address as AWS logs it. */
function plainAddress(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}

/** `requestTime` changes once a second: formatted once per second, not per request. */
let lastSecond = -1;
let lastRequestTime = '';
function requestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastRequestTime = clfTime(new Date(second * 1000));
  }
  return lastRequestTime;
}

/** Common Log Format time, in UTC as AWS writes it: `23/Nov/2026:18:40:00 +0000`. */
export function clfTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
