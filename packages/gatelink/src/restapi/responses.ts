/**
 * The REST API's own answers (gateway responses) as data: each type's default status, message and
 * `x-amzn-ErrorType`, the class default (DEFAULT_4XX / DEFAULT_5XX) it falls back to, and how an
 * `AWS::ApiGateway::GatewayResponse` customises status, headers and body.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 * Templates are not VTL: only `$context.*`, `$stageVariables.*` and `method.request.*` are replaced
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html).
 */
import type { RestGatewayResponsePlan } from '../plan/types.js';

export interface ResponseType {
  readonly status: number;
  readonly message: string;
  /** `x-amzn-ErrorType`. Documented only for MISSING_AUTHENTICATION_TOKEN; the others are as observed on real APIs. */
  readonly errorType: string;
}

export const REST_RESPONSES = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  // Not a gateway response type: a stage the API does not have (KC api-gateway-troubleshoot-403-forbidden); not customisable.
  UNKNOWN_STAGE: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  INVALID_API_KEY: { status: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  ACCESS_DENIED: { status: 403, message: 'User is not authorized to access this resource', errorType: 'AccessDeniedException' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
  THROTTLED: { status: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  QUOTA_EXCEEDED: { status: 429, message: 'Limit Exceeded', errorType: 'LimitExceededException' },
  BAD_REQUEST_PARAMETERS: { status: 400, message: 'Missing required request parameters', errorType: 'BadRequestException' },
  BAD_REQUEST_BODY: { status: 400, message: 'Invalid request body', errorType: 'BadRequestException' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Media Type', errorType: 'UnsupportedMediaTypeException' },
  // Undocumented body (aws-semantics-rest §1): "Request Too Long" as observed; not customisable.
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  INTEGRATION_TIMEOUT: { status: 504, message: 'Endpoint request timed out', errorType: 'InternalServerErrorException' },
  INTEGRATION_FAILURE: { status: 504, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  API_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error', errorType: 'AuthorizerConfigurationException' },
  DEFAULT_5XX: { status: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
} as const satisfies Record<string, ResponseType>;

export type RestResponseName = keyof typeof REST_RESPONSES;

/** What the client gets for one gateway response of one API. */
export interface RenderedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Reads `$context.x`, `$stageVariables.x` and `method.request.*` values for templates and headers. */
export type ResponseValues = (expression: string) => string | undefined;

/** Per-API customisations, looked up by type, then by the class default. */
export class GatewayResponses {
  private readonly byType: ReadonlyMap<string, RestGatewayResponsePlan>;

  constructor(custom: readonly RestGatewayResponsePlan[]) {
    this.byType = new Map(custom.map((response) => [response.responseType, response]));
  }

  render(name: RestResponseName, message: string, values: ResponseValues): RenderedResponse {
    const builtIn: ResponseType = REST_RESPONSES[name];
    const own = name === 'UNKNOWN_STAGE' ? undefined : this.byType.get(name);
    const classDefault = name === 'REQUEST_TOO_LARGE' || name === 'UNKNOWN_STAGE' ? undefined : this.byType.get(builtIn.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
    const status = own?.statusCode ?? builtIn.status;
    const headers: Record<string, string> = { 'x-amzn-errortype': builtIn.errorType };
    // Headers and templates of the class default apply where the type sets none of its own.
    const parameters = { ...classDefault?.responseParameters, ...own?.responseParameters };
    for (const [target, source] of Object.entries(parameters)) {
      if (!target.startsWith('gatewayresponse.header.')) continue;
      const value = source.startsWith("'") && source.endsWith("'") ? source.slice(1, -1) : values(source);
      if (value !== undefined) headers[target.slice('gatewayresponse.header.'.length).toLowerCase()] = value;
    }
    const template = templateFor(own) ?? templateFor(classDefault);
    const body = template === undefined ? JSON.stringify({ message }) : substitute(template, values);
    return { status, headers: { 'content-type': 'application/json', ...headers }, body };
  }
}

function templateFor(response: RestGatewayResponsePlan | undefined): string | undefined {
  if (!response) return undefined;
  return response.responseTemplates['application/json'] ?? Object.values(response.responseTemplates)[0];
}

const VARIABLE = /\$(context|stageVariables)\.([A-Za-z0-9_.-]*[A-Za-z0-9_])|\$\{(context|stageVariables)\.([A-Za-z0-9_.-]+)\}/g;

/** Plain substitution, not VTL: each variable's text is put in place; unknown ones become empty. */
function substitute(template: string, values: ResponseValues): string {
  return template.replace(VARIABLE, (_all, a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined) => values(`${a ?? c}.${b ?? d}`) ?? '');
}
