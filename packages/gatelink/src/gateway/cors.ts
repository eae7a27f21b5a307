/**
 * CORS as an HTTP API with a `CorsConfiguration` does it: the gateway answers every preflight itself
 * (even with no OPTIONS route), adds the configured headers to integration responses for allowed
 * origins, and ignores the CORS headers the backend sent.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { CorsPlan } from '../plan/types.js';

export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly anyOrigin: boolean;
  private readonly methods: string;
  private readonly anyMethod: boolean;
  private readonly headers: string;
  private readonly anyHeader: boolean;

  constructor(private readonly plan: CorsPlan) {
    this.origins = new Set(plan.allowOrigins.map((origin) => origin.toLowerCase()));
    this.anyOrigin = this.origins.has('*');
    this.anyMethod = plan.allowMethods.includes('*');
    this.methods = plan.allowMethods.map((method) => method.toUpperCase()).join(',');
    this.anyHeader = plan.allowHeaders.includes('*');
    this.headers = plan.allowHeaders.map((header) => header.toLowerCase()).join(',');
  }

  /** A preflight carries `Origin` and `Access-Control-Request-Method` on an OPTIONS request. */
  isPreflight(method: string, headers: IncomingHttpHeaders): boolean {
    return method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
  }

  /** Headers of the gateway's own 204 answer to a preflight; none when the origin is not allowed. */
  preflightHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    const allowOrigin = this.allowedOrigin(headers.origin);
    if (!allowOrigin) return {};
    const requestedMethod = String(headers['access-control-request-method']).toUpperCase();
    const requestedHeaders = headers['access-control-request-headers'];
    const out: OutgoingHttpHeaders = { 'access-control-allow-origin': allowOrigin };
    if (this.anyMethod) out['access-control-allow-methods'] = requestedMethod;
    else if (this.methods) out['access-control-allow-methods'] = this.methods;
    if (this.anyHeader && requestedHeaders) out['access-control-allow-headers'] = String(requestedHeaders);
    else if (this.headers && !this.anyHeader) out['access-control-allow-headers'] = this.headers;
    if (this.plan.maxAge !== undefined) out['access-control-max-age'] = String(this.plan.maxAge);
    if (this.plan.allowCredentials) out['access-control-allow-credentials'] = 'true';
    if (this.plan.exposeHeaders.length > 0) out['access-control-expose-headers'] = this.plan.exposeHeaders.join(',');
    return out;
  }

  /** The integration's response headers with its CORS headers replaced by the configured ones. */
  decorate(response: OutgoingHttpHeaders, origin: string | undefined): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(response)) if (!name.startsWith('access-control-')) out[name] = value;
    const allowOrigin = this.allowedOrigin(origin);
    if (!allowOrigin) return out;
    out['access-control-allow-origin'] = allowOrigin;
    if (this.plan.allowCredentials) out['access-control-allow-credentials'] = 'true';
    if (this.plan.exposeHeaders.length > 0) out['access-control-expose-headers'] = this.plan.exposeHeaders.join(',');
    return out;
  }

  /** `*` unless credentials are allowed (browsers refuse `*` with credentials), else the origin itself. */
  private allowedOrigin(origin: string | string[] | undefined): string | undefined {
    if (typeof origin !== 'string') return undefined;
    if (this.anyOrigin) return this.plan.allowCredentials ? origin : '*';
    return this.origins.has(origin.toLowerCase()) ? origin : undefined;
  }
}
