/** Plan types: Elastic Load Balancing v2 (load balancers, listeners, rules, target groups). See ./types.ts for the plan as a whole. */
import type { ResourceId } from './types.js';

// ───────────────────────────── Elastic Load Balancing v2 ─────────────────────────────

export interface LoadBalancerPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly type: 'application' | 'network';
  readonly scheme: 'internal' | 'internet-facing';
  readonly securityGroupIds: readonly ResourceId[];
  readonly subnetIds: readonly ResourceId[];
  readonly listeners: readonly ListenerPlan[];
  /** Load balancer attributes by key (`idle_timeout.timeout_seconds` …), values as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  /** What `Fn::GetAtt DNSName` resolves to; traffic gatelink proxies to this name reaches the local load balancer. */
  readonly dnsName?: string;
  /** The CDK construct path (`Stack/MyAlb`) when the template records it: how users name the load balancer. */
  readonly cdkPath?: string;
}

export interface ListenerPlan {
  readonly id: ResourceId;
  /** The listener ARN that `Ref` resolves to; integration URIs point at this. */
  readonly physicalId: string;
  readonly loadBalancerId: ResourceId;
  readonly port: number;
  /** ALB listeners: HTTP / HTTPS; NLB listeners: TCP / TLS (UDP and TCP_UDP are planned but not served). */
  readonly protocol: ListenerProtocol;
  /** Listener attributes by key (`tcp.idle_timeout.seconds` …), values as strings. */
  readonly attributes?: Readonly<Record<string, string>>;
  readonly defaultActions: readonly ActionPlan[];
  /** Sorted by ascending priority. */
  readonly rules: readonly RulePlan[];
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';

export interface RulePlan {
  readonly id: ResourceId;
  readonly priority: number;
  readonly conditions: readonly ConditionPlan[];
  readonly actions: readonly ActionPlan[];
}

export type ConditionPlan =
  | { readonly field: 'path-pattern'; readonly values: readonly string[] }
  | { readonly field: 'host-header'; readonly values: readonly string[] }
  | { readonly field: 'http-request-method'; readonly values: readonly string[] }
  | { readonly field: 'source-ip'; readonly values: readonly string[] }
  | { readonly field: 'http-header'; readonly headerName: string; readonly values: readonly string[] }
  | { readonly field: 'query-string'; readonly values: readonly { readonly key?: string; readonly value: string }[] };

export type ActionPlan =
  | {
      readonly type: 'forward';
      readonly targetGroups: readonly { readonly targetGroupId: ResourceId; readonly weight: number }[];
      readonly stickinessSeconds?: number;
    }
  | { readonly type: 'fixed-response'; readonly statusCode: number; readonly contentType?: string; readonly messageBody?: string }
  | {
      readonly type: 'redirect';
      readonly statusCode: 301 | 302;
      readonly protocol?: string;
      readonly host?: string;
      readonly port?: string;
      readonly path?: string;
      readonly query?: string;
    };

export interface HealthCheckPlan {
  readonly enabled: boolean;
  /** `TCP` only for Network Load Balancer target groups (a connection that opens is a pass). */
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
  /** `traffic-port` or a fixed port number. */
  readonly port: 'traffic-port' | number;
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** Success codes as AWS writes them: `200`, `200,202`, `200-299`. */
  readonly matcher: string;
}

/** A target the template registers itself (`Targets`): an ALB's ARN for `alb` groups, an address or instance otherwise. */
export interface StaticTargetPlan {
  /** The target's id as written (an ARN, an IP, an instance id); `resourceId` when it names a planned resource. */
  readonly id: string;
  readonly resourceId?: ResourceId;
  readonly port?: number;
}

export interface TargetGroupPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly port: number;
  /** HTTP / HTTPS: an ALB's group; TCP / TLS / UDP / TCP_UDP: a Network Load Balancer's. */
  readonly protocol: ListenerProtocol;
  readonly targetType: 'ip' | 'instance' | 'lambda' | 'alb';
  readonly healthCheck: HealthCheckPlan;
  readonly deregistrationDelaySeconds: number;
  readonly algorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  readonly slowStartSeconds: number;
  /** Target group attributes by key, values as strings (everything, including the ones above). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Targets the template registers (`Targets`); ECS services register theirs at run time. */
  readonly targets?: readonly StaticTargetPlan[];
}

