/**
 * The HTTP API's own answers, as data: status and the exact JSON body API Gateway sends
 * (aws-semantics §1.10). Every one also carries `apigw-requestid`.
 */
export const GATEWAY_ERRORS = {
  notFound: { status: 404, message: 'Not Found' },
  unauthorized: { status: 401, message: 'Unauthorized' },
  forbidden: { status: 403, message: 'Forbidden' },
  // AWS documents the 10 MB payload quota but not the response; REST APIs answer 413 (observed).
  payloadTooLarge: { status: 413, message: 'Request Entity Too Large' },
  // The 10,240-byte request line + headers quota: AWS does not document the response; 431 is HTTP's.
  headersTooLarge: { status: 431, message: 'Request Header Fields Too Large' },
  throttled: { status: 429, message: 'Too Many Requests' },
  internalError: { status: 500, message: 'Internal Server Error' },
  serviceUnavailable: { status: 503, message: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; message: string }>;

export type GatewayErrorName = keyof typeof GATEWAY_ERRORS;

/** Pre-rendered bodies: the hot path writes a buffer, it never stringifies JSON. */
export const GATEWAY_ERROR_BODIES: Readonly<Record<GatewayErrorName, Buffer>> = Object.fromEntries(
  Object.entries(GATEWAY_ERRORS).map(([name, error]) => [name, Buffer.from(JSON.stringify({ message: error.message }))]),
) as Record<GatewayErrorName, Buffer>;

/** AWS's payload quota for HTTP APIs: 10 MB, not adjustable. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** AWS's quota for the request line and all header values together. */
export const MAX_HEADER_BYTES = 10_240;
