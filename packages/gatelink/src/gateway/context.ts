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
  /** REST APIs: the matched resource's path template, the caller's API key, the validator's detail. */
  resourcePath?: string;
  extendedRequestId?: string;
  apiKey?: string;
  validationError?: string;

  constructor(readonly seed: ContextSeed) {}

  get requestId(): string {
    return this.seed.requestId;
  }

  /** A `$context.<name>` value as text, or undefined when AWS would have none for this request. */
  variable(name: string): string | undefined {
    return contextVariable(name)(this);
  }
}

/** Reads one `$context` variable of a request. */
export type ContextVariable = (context: RequestContext) => string | undefined;

const none: ContextVariable = () => undefined;
const integrationStatus: ContextVariable = (c) => (c.integrationStatus === undefined ? undefined : String(c.integrationStatus));
const integrationLatency: ContextVariable = (c) => (c.integrationLatencyMs === undefined ? undefined : String(Math.round(c.integrationLatencyMs)));
const integrationError: ContextVariable = (c) => c.integrationError;
const requestId: ContextVariable = (c) => c.requestId;

const VARIABLES: Readonly<Record<string, ContextVariable>> = {
  requestId,
  extendedRequestId: (c) => c.extendedRequestId ?? c.requestId,
  resourcePath: (c) => c.resourcePath,
  'identity.apiKey': (c) => c.apiKey,
  'error.validationErrorString': (c) => c.validationError,
  apiId: (c) => c.seed.apiId,
  accountId: (c) => c.seed.accountId,
  stage: (c) => c.stage,
  routeKey: (c) => c.routeKey,
  httpMethod: (c) => c.seed.req.method,
  path: (c) => c.seed.path,
  protocol: (c) => `HTTP/${c.seed.req.httpVersion}`,
  domainName: (c) => c.seed.req.headers.host,
  domainPrefix: (c) => c.seed.req.headers.host?.split('.', 1)[0],
  'identity.sourceIp': (c) => plainAddress(c.seed.req.socket.remoteAddress),
  'identity.userAgent': (c) => c.seed.req.headers['user-agent'],
  requestTime: (c) => requestTime(c.startedAtMs),
  requestTimeEpoch: (c) => String(c.startedAtMs),
  status: (c) => (c.status ? String(c.status) : undefined),
  responseLength: (c) => String(c.responseLength),
  responseLatency: (c) => String(Math.round(performance.now() - c.started)),
  integrationStatus,
  'integration.status': integrationStatus,
  integrationLatency,
  'integration.latency': integrationLatency,
  integrationErrorMessage: integrationError,
  'integration.error': integrationError,
  'error.message': (c) => c.errorMessage,
  'error.messageString': (c) => (c.errorMessage === undefined ? undefined : JSON.stringify(c.errorMessage)),
  'error.responseType': (c) => c.errorResponseType,
  'authorizer.error': (c) => c.authorizerError,
};

/**
 * The reader of `$context.<name>`, looked up once: access-log formats resolve theirs when compiled,
 * not per request. Unknown names read as undefined, as AWS leaves them empty.
 */
export function contextVariable(name: string): ContextVariable {
  if (name.startsWith('authorizer.claims.')) {
    const claim = name.slice('authorizer.claims.'.length);
    return (c) => claimText(c.claims?.[claim]);
  }
  return Object.hasOwn(VARIABLES, name) ? (VARIABLES[name] as ContextVariable) : none;
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
