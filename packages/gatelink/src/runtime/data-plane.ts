/**
 * The data plane of one running system: the security-group graph, the load balancers, and the HTTP
 * API gateway in front of them, started and stopped together. It also adapts target groups to the
 * ECS scheduler's port and reports target health for the admin API.
 */
import type { Logger } from 'pino';
import type { StatusRoute, StatusTargetGroup } from '../admin/status.js';
import type { CloudMapRegistry } from '../cloudmap/registry.js';
import type { TargetGroupPort } from '../ecs/ports-of-call.js';
import { CloudMapIntegration } from '../cloudmap/integration.js';
import { LoadBalancerRuntime } from '../elb/index.js';
import { PoolRegistry } from '../proxy/pools.js';
import { startGateway } from '../gateway/index.js';
import type { Gateway } from '../gateway/index.js';
import { NetworkModel } from '../network/index.js';
import type { Plan } from '../plan/types.js';
import type { TimingProfile } from '../timing/profile.js';

export interface DataPlaneOptions {
  readonly plan: Plan;
  readonly timing: TimingProfile;
  readonly logger: Logger;
  readonly registry: CloudMapRegistry;
  readonly host: string;
  readonly port: number;
}

export class DataPlane {
  private constructor(
    private readonly balancers: LoadBalancerRuntime,
    private readonly gateway: Gateway,
    private readonly closePools: () => Promise<void>,
  ) {}

  static async start(options: DataPlaneOptions): Promise<DataPlane> {
    const { plan, logger } = options;
    const network = new NetworkModel(plan);
    const pools = new PoolRegistry();
    const balancers = new LoadBalancerRuntime(plan, { timing: options.timing, network, logger, pools });
    const cloudMapIntegrations: CloudMapIntegration[] = [];
    try {
      const gateway = await startGateway({
        plan,
        host: options.host,
        port: options.port,
        network,
        logger,
        handlers: {
          listener: (listenerId: string) => balancers.listener(listenerId),
          cloudMap: (serviceId, queryParameters) => {
            const integration = new CloudMapIntegration(serviceId, queryParameters, { plan, registry: options.registry, network, pools });
            cloudMapIntegrations.push(integration);
            return integration;
          },
        },
      });
      return new DataPlane(balancers, gateway, async () => {
        await Promise.all(cloudMapIntegrations.map((integration) => integration.close()));
        await pools.close();
      });
    } catch (error) {
      await balancers.close();
      await pools.close();
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
      targets: group.snapshot().map((target) => ({ id: target.id, port: target.port, state: target.state, reason: target.reason })),
    }));
  }

  routes(): StatusRoute[] {
    return this.gateway.routes();
  }

  /** Stops taking requests (in-flight ones finish), then closes connections to targets. */
  async close(): Promise<void> {
    await this.gateway.close();
    await this.balancers.close();
    await this.closePools();
  }
}
