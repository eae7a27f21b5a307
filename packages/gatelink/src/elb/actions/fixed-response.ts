/**
 * `fixed-response`: the ALB answers with the configured status, content type and body, exactly
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_FixedResponseActionConfig.html).
 * Validated and encoded once; each request only gets a fresh header object and body stream.
 */
import { GatelinkError } from '../../errors.js';
import type { ProxyResponse } from '../../proxy/types.js';
import { fixedResponse } from '../responses.js';

const CONTENT_TYPES = new Set(['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json']);

/** Compiles a fixed-response action into a function that builds its response. */
export function compileFixedResponse(
  action: { readonly statusCode: number; readonly contentType?: string; readonly messageBody?: string },
  resource: string,
  explanation: string,
): () => ProxyResponse {
  if (!/^[245]\d\d$/.test(String(action.statusCode))) {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `fixed-response status ${action.statusCode} must match ^(2|4|5)\\d\\d$` });
  }
  if (action.contentType !== undefined && !CONTENT_TYPES.has(action.contentType)) {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `fixed-response content type ${action.contentType} is not one of ${[...CONTENT_TYPES].join(', ')}` });
  }
  const text = action.messageBody ?? '';
  if (text.length > 1024) {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `fixed-response body has ${text.length} characters; at most 1024 are allowed` });
  }
  const body = Buffer.from(text);
  return () => fixedResponse(action.statusCode, action.contentType, body, explanation);
}
