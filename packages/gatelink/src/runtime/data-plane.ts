/**
 * The data plane of one running system: the security-group graph, the load balancers, and the HTTP
 * API gateway in front of them, started and stopped together. It also adapts target groups to the
 * ECS scheduler's port and reports target health for the admin API.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { StatusLoadBalancer, StatusRoute, StatusTargetGroup } from '../admin/status.js';
import type { CloudMapRegistry } from '../cloudmap/registry.js';
import type { TargetGroupPort } from '../ecs/ports-of-call.js';
import { CloudMapIntegration } from '../cloudmap/integration.js';
import { LoadBalancerRuntime } from '../elb/index.js';
import { PoolRegistry } from '../proxy/pools.js';
import { startGateway } from '../gateway/index.js';
import type { Gateway } from '../gateway/index.js';
import { LocalIssuer } from '../issuer/local-issuer.js';
import { NetworkModel } from '../network/index.js';
import { ConnectionOrigins } from '../network/origins.js';
import type { Plan } from '../plan/types.js';
import type { TimingProfile } from '../timing/profile.js';
import { BatchedLines } from './batched-lines.js';
import { LoadBalancerEndpoints } from './lb-endpoints.js';
import { withLocalCorsOrigins } from './local-origins.js';
import type { PublicListener } from './local-origins.js';
import { ACCESS_LOG_MAX_BYTES, RotatingLog } from './rotating-log.js';

export interface DataPlaneOptions {
  readonly plan: Plan;
  readonly timing: TimingProfile;
  readonly logger: Logger;
  readonly registry: CloudMapRegistry;
  readonly host: string;
  readonly port: number;
  /** The data dir: the local token issuer's key lives there. */
  readonly dataDir: string;
  readonly accessLog: AccessLogOptions;
  /** Host ports for internet-facing listeners by name (`publicPorts`, `--public-port`). */
  readonly publicPorts?: Readonly<Record<string, number>>;
  /** Local endpoints of the embedded engines, for REST API AWS integrations (`dynamodb`, `sqs`). */
  readonly awsEndpoints?: Readonly<Record<string, string | undefined>>;
}

export interface AccessLogOptions {
  /** Every request's line is appended here. */
  readonly file: string;
  /** Also print each line to stdout (`--log-format`). */
  readonly stdout: boolean;
  /** Replaces the stages' `AccessLogSettings.Format`. */
  readonly format?: string;
}

export class DataPlane {
  private constructor(
    private readonly balancers: LoadBalancerRuntime,
    private readonly endpoints: LoadBalancerEndpoints,
    private readonly gateway: Gateway,
    private readonly closePools: () => Promise<void>,
  ) {}

  static async start(options: DataPlaneOptions): Promise<DataPlane> {
    const { plan, logger } = options;
    const network = new NetworkModel(plan);
    const pools = new PoolRegistry();
    const origins = new ConnectionOrigins();
    const balancers = new LoadBalancerRuntime(plan, { timing: options.timing, network, logger, pools, origins });
    const cloudMapIntegrations: CloudMapIntegration[] = [];
    mkdirSync(path.dirname(options.accessLog.file), { recursive: true });
    const accessLog = new RotatingLog(options.accessLog.file, ACCESS_LOG_MAX_BYTES, (error) => logger.warn({ err: error }, `access log ${options.accessLog.file} cannot be written`));
    const fileLines = new BatchedLines(accessLog);
    const stdoutLines = options.accessLog.stdout ? new BatchedLines(process.stdout) : undefined;
    const closeAccessLog = () => {
      fileLines.flush();
      stdoutLines?.flush();
      return accessLog.end();
    };
    let issuer: Promise<LocalIssuer> | undefined;
    let endpoints: LoadBalancerEndpoints | undefined;
    try {
      // NLB listeners and the load balancers' public host ports, before the gateway can call them.
      endpoints = await LoadBalancerEndpoints.start({ plan, balancers, network, origins, logger, host: options.host, dataDir: options.dataDir, publicPorts: options.publicPorts ?? {} });
      const lbEndpoints = endpoints;
      const gateway = await startGateway({
        // CORS origins naming a public load balancer also admit its host port's origins (./local-origins.ts).
        plan: localCorsPlan(plan, lbEndpoints, options.host, logger),
        host: options.host,
        port: options.port,
        network,
        logger,
        localIssuer: () => (issuer ??= LocalIssuer.open(options.dataDir)),
        ...(options.accessLog.format ? { accessLogFormat: options.accessLog.format } : {}),
        ...(options.awsEndpoints ? { awsEndpoints: options.awsEndpoints } : {}),
        onAccessLog: (line) => {
          fileLines.push(line);
          stdoutLines?.push(line);
        },
        handlers: {
          listener: (listenerId: string) => lbEndpoints.handler(listenerId) ?? balancers.listener(listenerId),
          loadBalancerAt: (host, port) => {
            const found = lbEndpoints.listenerForDnsName(host, port);
            return found && { ...found, handler: lbEndpoints.handler(found.listener.id) ?? balancers.listener(found.listener.id) };
          },
          cloudMap: (serviceId, queryParameters) => {
            const integration = new CloudMapIntegration(serviceId, queryParameters, { plan, registry: options.registry, network, pools });
            cloudMapIntegrations.push(integration);
            return integration;
          },
        },
      });
      return new DataPlane(balancers, lbEndpoints, gateway, async () => {
        await Promise.all(cloudMapIntegrations.map((integration) => integration.close()));
        await pools.close();
        await closeAccessLog();
      });
    } catch (error) {
      await endpoints?.close();
      await balancers.close();
      await pools.close();
      await closeAccessLog();
      throw error;
    }
  }

  get url(): string {
    return this.gateway.url;
  }

  targetGroupPort(targetGroupId: string): TargetGroupPort {
    return this.balancers.targetGroup(targetGroupId);
  }

  targetGroupStatus(): StatusTargetGroup[] {
    return this.balancers.targetGroups().map((group) => ({
      name: group.name,
      protocol: group.plan.protocol,
      targetType: group.plan.targetType,
      targets: group.snapshot().map((target) => ({ id: target.id, port: target.port, state: target.state, reason: target.reason })),
    }));
  }

  /** Load balancers with their listeners, host ports and NLB flow counters. */
  loadBalancerStatus(): StatusLoadBalancer[] {
    return this.endpoints.status();
  }

  /** Internet-facing listeners and their host URLs (printed at start). */
  publicEndpoints(): { readonly name: string; readonly url: string }[] {
    return this.endpoints.publicEndpoints();
  }

  routes(): StatusRoute[] {
    return this.gateway.routes();
  }

  /** Stops taking requests (in-flight ones finish), then closes connections to targets. */
  async close(): Promise<void> {
    await this.gateway.close();
    await this.endpoints.close();
    await this.balancers.close();
    await this.closePools();
  }
}

function localCorsPlan(plan: Plan, endpoints: LoadBalancerEndpoints, host: string, logger: Logger): Plan {
  const listeners: PublicListener[] = endpoints.status().flatMap((lb) =>
    lb.dnsName === undefined ? [] : lb.listeners.flatMap((listener) => (listener.hostPort === undefined ? [] : [{ dnsName: lb.dnsName as string, port: listener.port, hostPort: listener.hostPort }])),
  );
  const local = withLocalCorsOrigins(plan, listeners, host);
  for (const { api, origins } of local.added) logger.info({ api, origins }, `CORS of ${api}: the public load balancer's origin also admits ${origins.join(', ')} (its host port)`);
  return local.plan;
}
