/**
 * The shape of `GET /v1/status`: what runs, how healthy it is, and which routes the gateway serves.
 * The admin API, `gatelink status` and the tests all read this one type.
 */
export type TaskHealthState = 'initial' | 'healthy' | 'unhealthy' | 'draining';

export interface StatusTask {
  readonly id: string;
  readonly pid: number | undefined;
  readonly port: number;
  readonly health: TaskHealthState;
  readonly status: string;
  readonly startedAt: string;
  readonly revision: number;
  /** ECS's task health from its essential containers' health checks (UNKNOWN without any). */
  readonly healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  /** The task's containers: running or stopped, health, exit code. */
  readonly containers?: readonly { readonly name: string; readonly essential: boolean; readonly status: string; readonly health: string; readonly exitCode?: number | null }[];
}

export interface StatusDeployment {
  readonly id: string;
  readonly revision: number;
  readonly status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'ROLLED_BACK';
  readonly reason: string;
  readonly failedTasks: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

export interface StatusService {
  readonly name: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly tasks: readonly StatusTask[];
  readonly stoppedTasks: readonly { readonly id: string; readonly exitCode: number | null; readonly signal: string | null; readonly stoppedReason: string; readonly stoppedAt: string; readonly lastLines: readonly string[]; readonly revision?: number }[];
  /** Latest first: in progress, completed, failed or rolled back. */
  readonly deployments: readonly StatusDeployment[];
}

export interface StatusTarget {
  readonly id: string;
  readonly port: number;
  readonly state: string;
  readonly reason?: string;
}

export interface StatusTargetGroup {
  readonly name: string;
  /** HTTP/HTTPS (an ALB's) or TCP/TLS (an NLB's); its target type (`ip`, `instance`, `alb`). */
  readonly protocol?: string;
  readonly targetType?: string;
  readonly targets: readonly StatusTarget[];
}

/** A load balancer, its listeners and (internet-facing ones) their host ports. */
export interface StatusLoadBalancer {
  readonly name: string;
  readonly type: 'application' | 'network';
  readonly scheme: 'internal' | 'internet-facing';
  readonly dnsName?: string;
  readonly listeners: readonly {
    /** `<Stack>/<LoadBalancer construct id>:<port>`: the name `publicPorts` takes. */
    readonly name: string;
    readonly port: number;
    readonly protocol: string;
    readonly hostPort?: number;
    readonly url?: string;
    /** NLB listeners: NewFlowCount, ActiveFlowCount, TCP_ELB_Reset_Count. */
    readonly flows?: Readonly<Record<string, number>>;
  }[];
}

export interface StatusRoute {
  readonly api: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly integration: string;
}

export interface StatusQueue {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
}

export interface Status {
  readonly version: 1;
  readonly endpoints: { readonly gateway: string; readonly admin: string; readonly dynamodb?: string; readonly sqs?: string };
  readonly timings: 'local' | 'aws';
  readonly services: readonly StatusService[];
  readonly targetGroups: readonly StatusTargetGroup[];
  readonly loadBalancers?: readonly StatusLoadBalancer[];
  readonly routes: readonly StatusRoute[];
  /** SQS queues: visible, in-flight and delayed messages, and the dead-letter queue (when the app has queues). */
  readonly queues?: readonly StatusQueue[];
  readonly cloudMap: readonly { readonly namespace: string; readonly service: string; readonly instances: readonly { readonly id: string; readonly health: string; readonly port?: string }[] }[];
}

/** Task health as the admin API reports it: the target group's view, `unused` shown as `initial`. */
export function toTaskHealth(state: string): TaskHealthState {
  if (state === 'healthy' || state === 'unhealthy' || state === 'draining') return state;
  return 'initial';
}
