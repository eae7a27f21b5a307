/**
 * Load balancer listeners that need a socket of their own: every internet-facing listener (ALB or
 * NLB) on a host port (./public-ports.ts), every NLB listener (internal ones on a loopback port the
 * VPC-link handler connects to), and every ALB listener an NLB's `alb` target group points at. Also
 * answers which local listener a load balancer DNS name stands for.
 */
import type { Logger } from 'pino';
import type { StatusLoadBalancer } from '../admin/status.js';
import type { LoadBalancerRuntime } from '../elb/index.js';
import { startListenerSocket } from '../elb/listener-socket.js';
import type { ListenerSocket } from '../elb/listener-socket.js';
import type { NetworkModel } from '../network/index.js';
import type { ConnectionOrigins } from '../network/origins.js';
import { NetworkLoadBalancers } from '../nlb/index.js';
import type { ListenerPlan, LoadBalancerPlan, Plan } from '../plan/types.js';
import type { RequestHandler } from '../proxy/types.js';
import { PublicPorts, publicListenerName } from './public-ports.js';

export interface LoadBalancerEndpointsOptions {
  readonly plan: Plan;
  readonly balancers: LoadBalancerRuntime;
  readonly network: NetworkModel;
  readonly origins: ConnectionOrigins;
  readonly logger: Logger;
  /** Where public listeners listen (the gateway's host). */
  readonly host: string;
  readonly dataDir: string;
  /** `publicPorts` of gatelink.config.json and `--public-port`, by listener name. */
  readonly publicPorts: Readonly<Record<string, number>>;
}

export class LoadBalancerEndpoints {
  private readonly albSockets = new Map<string, ListenerSocket>();
  /** Host ports of internet-facing listeners, by listener id. */
  private readonly hostPorts = new Map<string, number>();

  private constructor(
    private readonly options: LoadBalancerEndpointsOptions,
    readonly nlbs: NetworkLoadBalancers,
  ) {}

  static async start(options: LoadBalancerEndpointsOptions): Promise<LoadBalancerEndpoints> {
    const nlbs = new NetworkLoadBalancers(options.plan, { balancers: options.balancers, network: options.network, origins: options.origins, logger: options.logger });
    const endpoints = new LoadBalancerEndpoints(options, nlbs);
    try {
      await endpoints.listenAll();
    } catch (error) {
      await endpoints.close();
      throw error;
    }
    return endpoints;
  }

  /** The NLB listener's handler; undefined for an ALB listener (the `LoadBalancerRuntime` has those). */
  handler(listenerId: string): RequestHandler | undefined {
    return this.nlbs.handler(listenerId);
  }

  /** The listener a load balancer DNS name and port stand for (an HTTP integration calling `http://<dns name>/…`). */
  listenerForDnsName(host: string, port: number): { readonly loadBalancer: LoadBalancerPlan; readonly listener: ListenerPlan } | undefined {
    const loadBalancer = this.options.plan.loadBalancers.find((candidate) => candidate.dnsName?.toLowerCase() === host.toLowerCase());
    const listener = loadBalancer?.listeners.find((candidate) => candidate.port === port);
    return loadBalancer && listener ? { loadBalancer, listener } : undefined;
  }

  status(): StatusLoadBalancer[] {
    return this.options.plan.loadBalancers.map((lb) => ({
      name: lb.name,
      type: lb.type,
      scheme: lb.scheme,
      ...(lb.dnsName ? { dnsName: lb.dnsName } : {}),
      listeners: lb.listeners.map((listener) => {
        const hostPort = this.hostPorts.get(listener.id);
        const nlb = this.nlbs.listener(listener.id);
        return {
          name: publicListenerName(lb, listener),
          port: listener.port,
          protocol: listener.protocol,
          ...(hostPort !== undefined ? { hostPort, url: `${listener.protocol === 'HTTP' || listener.protocol === 'HTTPS' ? 'http' : 'tcp'}://${this.options.host}:${hostPort}` } : {}),
          ...(nlb ? { flows: nlb.metrics.snapshot() } : {}),
        };
      }),
    }));
  }

  async close(): Promise<void> {
    await this.nlbs.close();
    await Promise.all([...this.albSockets.values()].map((socket) => socket.close()));
    this.albSockets.clear();
  }

  private async listenAll(): Promise<void> {
    const { plan, logger } = this.options;
    const ports = new PublicPorts(this.options.dataDir, this.options.publicPorts, logger);
    const targeted = new Set(this.nlbs.albListenersTargeted().map((listener) => listener.id));
    const names: string[] = [];
    for (const lb of plan.loadBalancers) {
      for (const listener of lb.listeners) {
        const isPublic = lb.scheme === 'internet-facing';
        if (isPublic) names.push(publicListenerName(lb, listener));
        if (lb.type === 'network' || isPublic || targeted.has(listener.id)) await this.listen(lb, listener, isPublic ? ports : undefined);
      }
    }
    for (const name of ports.unknown(names)) logger.warn({ listener: name, known: names }, `publicPorts names ${name}, which is no internet-facing listener of this app`);
    ports.save();
    this.nlbs.registerAlbTargets((listenerId) => this.albSockets.get(listenerId));
  }

  private async listen(lb: LoadBalancerPlan, listener: ListenerPlan, ports: PublicPorts | undefined): Promise<void> {
    const name = publicListenerName(lb, listener);
    const what = `the ${lb.scheme} listener ${name}`;
    const bind = (host: string, port: number): Promise<number> => {
      const nlb = this.nlbs.listener(listener.id);
      if (nlb) return nlb.listen(host, port, what);
      return startListenerSocket({ listener: this.options.balancers.listener(listener.id), loadBalancer: lb, network: this.options.network, origins: this.options.origins, logger: this.options.logger }, host, port, what).then((socket) => {
        this.albSockets.set(listener.id, socket);
        return socket.port;
      });
    };
    if (ports === undefined) {
      await bind('127.0.0.1', 0);
      return;
    }
    const hostPort = await ports.bind(name, (port) => bind(this.options.host, port));
    this.hostPorts.set(listener.id, hostPort);
    this.options.logger.info({ listener: name, dnsName: lb.dnsName, hostPort }, `internet-facing listener ${name} on ${this.options.host}:${hostPort}`);
  }

  /** Public listeners with their host ports, for the start-up banner. */
  publicEndpoints(): { readonly name: string; readonly url: string }[] {
    return this.status().flatMap((lb) => lb.listeners.flatMap((listener) => (listener.url ? [{ name: `${lb.type === 'network' ? 'NLB' : 'ALB'} ${listener.name}`, url: listener.url }] : [])));
  }
}
