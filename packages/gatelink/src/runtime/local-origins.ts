/**
 * The two places where an app names its own AWS endpoints and a browser on this machine must follow
 * them — the known local differences of a front end calling an HTTP API (docs/support-matrix.md):
 *
 * - An API's invoke URL handed to a task (`https://{apiId}.execute-api.{region}.amazonaws.com/…`,
 *   an HTTP API's `GetAtt ApiEndpoint` or a REST API's `url` with its stage, in its environment,
 *   served to the page as config) names AWS. Locally the task is given the gateway's URL instead:
 *   `http://127.0.0.1:<port>` for the API the bare gateway URL reaches (the app's one HTTP API; with
 *   no HTTP API, its first REST API); every other API gets `http://{apiId}.localhost:<port>`
 *   (browsers resolve `*.localhost` to loopback, RFC 6761 §6.3, and the gateway picks the API by the
 *   host's first label, HTTP and REST APIs alike). Nothing is rewritten when the gateway's port is
 *   chosen at start (`--port 0`): it is not known when the tasks launch.
 *   ../ecs/task-env.ts applies the rewrites, as it points queue URLs at the SQS engine.
 * - A CORS allowed origin naming an internet-facing load balancer (`http://<DNSName>`, the origin
 *   the browser sends in AWS) is never what the browser sends locally: it loads the page from the
 *   listener's host port. Such an origin also admits `http://127.0.0.1:<hostPort>` and
 *   `http://localhost:<hostPort>` (and the configured host's), the origins of that same listener here.
 */
import type { UrlRewrites } from '../ecs/task-env.js';
import type { CorsPlan, Plan } from '../plan/types.js';

/** The host a browser on this machine uses to reach a listener bound to `host`. */
export function browserHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The APIs of an app, by id: what the URL rewrites need of its plan. */
export interface AppApis {
  readonly httpApis: readonly { readonly apiId: string }[];
  readonly restApis: readonly { readonly apiId: string }[];
  readonly region: string;
}

/** Each API's invoke origin (HTTP and REST) mapped to where the local gateway serves it; empty when the port is not known yet (0). */
export function apiUrlRewrites(apis: AppApis, gateway: { readonly host: string; readonly port: number }): UrlRewrites {
  if (gateway.port === 0) return new Map();
  const host = browserHost(gateway.host);
  // The API a request without an API host reaches: ../restapi/index.ts (REST only without HTTP APIs) and the HTTP pipeline.
  const bare = apis.httpApis.length === 1 ? apis.httpApis[0]?.apiId : apis.httpApis.length === 0 ? apis.restApis[0]?.apiId : undefined;
  return new Map(
    [...apis.httpApis, ...apis.restApis].map((api) => [invokeOrigin(api.apiId, apis.region), api.apiId === bare ? `http://${host}:${gateway.port}` : `http://${api.apiId}.localhost:${gateway.port}`]),
  );
}

const invokeOrigin = (apiId: string, region: string): string => `https://${apiId}.execute-api.${region}.amazonaws.com`;

/**
 * Containers (`<service>/<container>`) whose environment names one of the app's API URLs (HTTP or
 * REST) while the gateway's port is chosen at start: they keep the AWS URL, which the user should hear about.
 */
export function unmappedApiUrls(plan: AppApis & Pick<Plan, 'ecsServices'>, port: number): string[] {
  const apis = [...plan.httpApis, ...plan.restApis];
  if (port !== 0 || apis.length === 0) return [];
  const origins = apis.map((api) => invokeOrigin(api.apiId, plan.region).toLowerCase());
  return plan.ecsServices.flatMap((service) =>
    service.taskDefinition.containers
      .filter((container) => Object.values(container.environment).some((value) => origins.some((origin) => value.toLowerCase().includes(origin))))
      .map((container) => `${service.name}/${container.name}`),
  );
}

/** An internet-facing listener that has a host port: where its DNS name's traffic lands locally. */
export interface PublicListener {
  readonly dnsName: string;
  /** The listener's port in AWS (80 for `http://<DNSName>`). */
  readonly port: number;
  readonly hostPort: number;
}

/** The allowed origins plus, for each naming a public listener's DNS name and port, its local origins. */
export function localCorsOrigins(origins: readonly string[], listeners: readonly PublicListener[], host: string): string[] {
  const out = [...origins];
  for (const origin of origins) {
    const url = parseOrigin(origin);
    if (!url) continue;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const listener = listeners.find((candidate) => candidate.dnsName.toLowerCase() === url.hostname.toLowerCase() && candidate.port === port);
    if (!listener) continue;
    // The local listener speaks plain HTTP whatever its protocol in AWS (no certificate locally).
    for (const local of new Set(['127.0.0.1', 'localhost', browserHost(host)])) {
      const candidate = `http://${local}:${listener.hostPort}`;
      if (!out.includes(candidate)) out.push(candidate);
    }
  }
  return out;
}

/** The plan with each HTTP API's CORS origins extended by `localCorsOrigins`; the same plan when nothing changes. */
export function withLocalCorsOrigins(plan: Plan, listeners: readonly PublicListener[], host: string): { readonly plan: Plan; readonly added: readonly { readonly api: string; readonly origins: readonly string[] }[] } {
  const added: { api: string; origins: string[] }[] = [];
  const httpApis = plan.httpApis.map((api) => {
    if (!api.cors) return api;
    const allowOrigins = localCorsOrigins(api.cors.allowOrigins, listeners, host);
    if (allowOrigins.length === api.cors.allowOrigins.length) return api;
    added.push({ api: api.name, origins: allowOrigins.slice(api.cors.allowOrigins.length) });
    const cors: CorsPlan = { ...api.cors, allowOrigins };
    return { ...api, cors };
  });
  return { plan: added.length === 0 ? plan : { ...plan, httpApis }, added };
}

function parseOrigin(origin: string): URL | undefined {
  if (origin === '*') return undefined;
  try {
    return new URL(origin);
  } catch {
    return undefined;
  }
}

