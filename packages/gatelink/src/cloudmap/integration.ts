/**
 * An HTTP API private integration whose URI is a Cloud Map service: API Gateway calls
 * DiscoverInstances, spreads requests over the healthy instances (random order), and connects over
 * the VPC link to the instance's address and port (the SRV record's), so the task's security group
 * must admit the VPC link's. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
 */
import type { ElbNetwork } from './network-port.js';
import type { Plan } from '../plan/types.js';
import { forwardRequest } from '../proxy/forward.js';
import type { PoolRegistry } from '../proxy/pools.js';
import type { ProxyRequest, ProxyResponse, RequestHandler } from '../proxy/types.js';
import type { CloudMapRegistry } from './registry.js';
import { isCaptured } from '../trace/channels.js';
import { publishTargetHop } from '../trace/hop-events.js';

export interface CloudMapIntegrationDeps {
  readonly plan: Plan;
  readonly registry: CloudMapRegistry;
  readonly network: ElbNetwork;
  readonly pools: PoolRegistry;
}

/** API Gateway's own limit on an integration call; the gateway's timeout cuts it first when shorter. */
const INTEGRATION_LIMIT_MS = 30_000;

export class CloudMapIntegration implements RequestHandler {
  /** Keep-alive pools this integration holds, one reference per origin, released on close. */
  private readonly pools = new Map<string, ReturnType<PoolRegistry['acquire']>>();

  constructor(
    private readonly serviceId: string,
    private readonly queryParameters: Readonly<Record<string, string>>,
    private readonly deps: CloudMapIntegrationDeps,
  ) {}

  async handle(request: ProxyRequest): Promise<ProxyResponse> {
    const [instance] = this.deps.registry.discover(this.serviceId, { queryParameters: this.queryParameters, healthStatus: 'HEALTHY' });
    if (!instance) return unavailable(`Cloud Map service ${this.serviceId} has no healthy instance to send the request to`);
    const host = instance.attributes.AWS_INSTANCE_IPV4 ?? '127.0.0.1';
    const port = Number(instance.attributes.AWS_INSTANCE_PORT);
    const service = this.deps.plan.ecsServices.find((candidate) => candidate.name === instance.attributes.ECS_SERVICE_NAME);
    const containerPort = service?.serviceRegistries.find((r) => r.cloudMapServiceId === this.serviceId)?.containerPort ?? port;
    const verdict = this.deps.network.canConnect(
      { securityGroupIds: request.sourceSecurityGroupIds, description: 'the VPC link' },
      { securityGroupIds: service?.securityGroupIds ?? [], port: containerPort, description: `ECS service ${service?.name ?? instance.attributes.ECS_SERVICE_NAME ?? '?'} (its Cloud Map instance ${instance.instanceId})` },
    );
    if (!verdict.allowed) {
      return { statusCode: 503, headers: {}, body: null, origin: 'gateway', failure: { kind: 'blocked-by-security-group', explanation: verdict.explanation, fix: verdict.fix } };
    }
    const pool = this.poolFor(`http://${host}:${port}`);
    const traced = isCaptured(request.requestId) ? performance.now() : undefined;
    const headers = { ...request.headers, host: `${host}:${port}` };
    const outcome = await forwardRequest(pool, {
      method: request.method,
      path: request.url,
      headers,
      body: request.body,
      signal: request.signal,
      headersTimeoutMs: INTEGRATION_LIMIT_MS,
      bodyTimeoutMs: INTEGRATION_LIMIT_MS,
    });
    if (traced !== undefined) {
      const status = outcome.ok ? outcome.response.statusCode : 0;
      publishTargetHop(request, { via: 'cloudmap', group: this.serviceId, targetId: instance.instanceId, address: `${host}:${port}`, headers, startedAt: traced, status, error: outcome.ok ? undefined : outcome.failure.kind });
    }
    if (!outcome.ok) return unavailable(`instance ${instance.instanceId} (${host}:${port}) of ${this.serviceId} failed: ${outcome.failure.kind}`);
    return outcome.response;
  }

  /** Lets go of every pool this integration used (gatelink is stopping). */
  async close(): Promise<void> {
    await Promise.all([...this.pools.keys()].map((origin) => this.deps.pools.release(origin)));
    this.pools.clear();
  }

  private poolFor(origin: string): ReturnType<PoolRegistry['acquire']> {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = this.deps.pools.acquire(origin);
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

function unavailable(explanation: string): ProxyResponse {
  return { statusCode: 503, headers: {}, body: null, origin: 'gateway', failure: { kind: 'connect-failed', explanation } };
}
