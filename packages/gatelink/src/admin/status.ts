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
  readonly targets: readonly StatusTarget[];
}

export interface StatusRoute {
  readonly api: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly integration: string;
}

export interface Status {
  readonly version: 1;
  readonly endpoints: { readonly gateway: string; readonly admin: string; readonly dynamodb?: string };
  readonly timings: 'local' | 'aws';
  readonly services: readonly StatusService[];
  readonly targetGroups: readonly StatusTargetGroup[];
  readonly routes: readonly StatusRoute[];
  readonly cloudMap: readonly { readonly namespace: string; readonly service: string; readonly instances: readonly { readonly id: string; readonly health: string; readonly port?: string }[] }[];
}

/** Task health as the admin API reports it: the target group's view, `unused` shown as `initial`. */
export function toTaskHealth(state: string): TaskHealthState {
  if (state === 'healthy' || state === 'unhealthy' || state === 'draining') return state;
  return 'initial';
}
