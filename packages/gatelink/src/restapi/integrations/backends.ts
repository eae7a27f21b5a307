/**
 * Where an HTTP / HTTP_PROXY integration's requests go. `ConnectionType: VPC_LINK`: the v1 VPC link
 * (its id, or `${stageVariables.x}` naming it) targets network load balancers, and the port of the
 * integration URI picks the listener — the URI's host only sets `Host`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-api-with-vpclink-cli.html).
 * `INTERNET`: the URL itself — unless its host is the DNS name of one of the app's load balancers
 * (`Fn::GetAtt [Lb, DNSName]`): then the call reaches that load balancer's local listener on the URL's
 * port over the public hop, as API Gateway calls an internet-facing load balancer from the internet
 * (its security groups must admit any address; an internal one's name resolves to private addresses
 * API Gateway cannot reach). One backend per listener or per INTERNET use, made on first use.
 */
import type { IntegrationHandlers } from '../../gateway/integration.js';
import { API_GATEWAY_PUBLIC_ADDRESS } from '../../gateway/url-target.js';
import type { NetworkModel } from '../../network/index.js';
import type { Plan, RestVpcLinkPlan } from '../../plan/types.js';
import { FailingBackend, ListenerBackend, UrlBackend } from './send.js';
import type { Backend } from './send.js';

export type BackendChoice = { readonly backend: Backend } | { readonly error: string };

export class Backends {
  private readonly url = new UrlBackend();
  private readonly listeners = new Map<string, Backend>();
  /** Public-hop backends by `host:port`: a load balancer's listener, or the failure every call gets. */
  private readonly publicHops = new Map<string, Backend>();
  private readonly links: readonly RestVpcLinkPlan[];

  constructor(
    private readonly plan: Plan,
    private readonly handlers: IntegrationHandlers,
    private readonly network: NetworkModel | undefined,
  ) {
    this.links = plan.restVpcLinks;
  }

  /** `connectionId` is already resolved from stage variables; `url` is the integration URI. */
  choose(connectionType: 'INTERNET' | 'VPC_LINK', connectionId: string | undefined, url: URL): BackendChoice {
    if (connectionType === 'INTERNET') return { backend: this.publicHop(url) ?? this.url };
    const link = this.links.find((candidate) => candidate.id === connectionId || candidate.physicalId === connectionId);
    if (!link) return { error: `VPC link ${connectionId ?? '(none)'} is not a VPC link of the app` };
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    for (const lbId of link.targetLoadBalancerIds) {
      const lb = this.plan.loadBalancers.find((candidate) => candidate.id === lbId);
      const listener = lb?.listeners.find((candidate) => candidate.port === port);
      if (!listener) continue;
      let backend = this.listeners.get(listener.id);
      if (!backend) {
        // A v1 VPC link has no security groups of its own (its NLB's rules decide); its traffic comes from the link's network interface.
        backend = new ListenerBackend(this.handlers.listener(listener.id), { sourceIp: this.network?.addressOf([]) ?? '10.0.0.10', securityGroupIds: [] });
        this.listeners.set(listener.id, backend);
      }
      return { backend };
    }
    return { error: `no listener on port ${port} of the load balancers of VPC link ${link.name}` };
  }

  /** The app's load balancer a URL names by DNS name, as the backend of the public hop; undefined for any other URL. */
  private publicHop(url: URL): Backend | undefined {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const key = `${url.hostname.toLowerCase()}:${port}`;
    const known = this.publicHops.get(key);
    if (known) return known;
    const found = this.handlers.loadBalancerAt?.(url.hostname, port);
    if (!found) return undefined;
    const lb = found.loadBalancer;
    let backend: Backend;
    if (lb.scheme === 'internal') {
      backend = new FailingBackend(`${url.host} is internal load balancer ${lb.name}, whose DNS name resolves to private addresses API Gateway cannot reach over the internet; use ConnectionType VPC_LINK`);
    } else {
      const verdict = this.network?.canConnect(
        { securityGroupIds: [], address: API_GATEWAY_PUBLIC_ADDRESS, description: 'API Gateway (internet)' },
        { securityGroupIds: lb.securityGroupIds, port: found.listener.port, description: `load balancer ${lb.name}` },
      );
      backend = verdict && !verdict.allowed
        ? new FailingBackend(`blocked by a security group: ${verdict.explanation}. Fix: ${verdict.fix}`)
        : new ListenerBackend(found.handler, { sourceIp: API_GATEWAY_PUBLIC_ADDRESS, securityGroupIds: [] });
    }
    this.publicHops.set(key, backend);
    return backend;
  }
}
