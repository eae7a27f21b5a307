/**
 * What went wrong talking to an upstream, in the few kinds a hop needs to choose its answer: the ALB
 * maps them to 502/504/460 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html),
 * the gateway to its own statuses. Classified from undici's and Node's error codes.
 */

export type UpstreamFailureKind =
  /** Nothing accepted the connection (RST on connect, unreachable). ALB: 502. */
  | 'connect-refused'
  /** The connection was not established in time. ALB: 504. */
  | 'connect-timeout'
  /** Connected, but no response head within the idle timeout. ALB: 504. */
  | 'response-timeout'
  /** The target closed or reset the connection with the request outstanding. ALB: 502. */
  | 'connection-reset'
  /** The target's response could not be parsed (or its head was too large). ALB: 502. */
  | 'malformed-response'
  /** The client went away first. ALB: 460, nothing is sent. */
  | 'client-aborted'
  /** The request itself cannot be sent as it is (invalid header, body shorter than Content-Length). ALB: 400. */
  | 'invalid-request'
  /** The connection pool was shut (target deregistered and its delay ran out). ALB: 502. */
  | 'pool-closed'
  | 'other';

export interface UpstreamFailure {
  readonly kind: UpstreamFailureKind;
  readonly code: string;
  readonly message: string;
}

const KIND_BY_CODE: Readonly<Record<string, UpstreamFailureKind>> = {
  ECONNREFUSED: 'connect-refused',
  EHOSTUNREACH: 'connect-refused',
  ENETUNREACH: 'connect-refused',
  EADDRNOTAVAIL: 'connect-refused',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  UND_ERR_HEADERS_TIMEOUT: 'response-timeout',
  UND_ERR_BODY_TIMEOUT: 'response-timeout',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  UND_ERR_SOCKET: 'connection-reset',
  UND_ERR_HEADERS_OVERFLOW: 'malformed-response',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'malformed-response',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'malformed-response',
  UND_ERR_INVALID_ARG: 'invalid-request',
  UND_ERR_NOT_SUPPORTED: 'invalid-request',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'invalid-request',
  UND_ERR_CLOSED: 'pool-closed',
  UND_ERR_DESTROYED: 'pool-closed',
  UND_ERR_ABORTED: 'client-aborted',
  ABORT_ERR: 'client-aborted',
};

/** Classifies an error thrown while forwarding; `clientAborted` wins over whatever the error says. */
export function classifyUpstreamError(error: unknown, clientAborted: boolean): UpstreamFailure {
  const { code, message, name } = describe(error);
  if (clientAborted) return { kind: 'client-aborted', code, message };
  // llhttp errors: `HPE_*` codes, or only the HTTPParserError name when llhttp reports no code.
  if (code.startsWith('HPE_') || name === 'HTTPParserError') return { kind: 'malformed-response', code: code === 'UNKNOWN' ? 'HPE_INVALID' : code, message };
  const kind = KIND_BY_CODE[code] ?? (name === 'AbortError' ? 'client-aborted' : 'other');
  return { kind, code, message };
}

function describe(error: unknown): { code: string; message: string; name: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // undici wraps socket errors; the underlying cause carries the errno code.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const chosen = typeof code === 'string' ? code : typeof cause?.code === 'string' ? cause.code : 'UNKNOWN';
    return { code: chosen, message: error.message, name: error.name };
  }
  return { code: 'UNKNOWN', message: String(error), name: 'Error' };
}
