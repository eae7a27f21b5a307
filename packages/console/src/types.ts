/** The shapes the console reads from gatelink (GET /v1/status, /v1/console/*): a copy of what the admin API sends. */
export interface StatusTask { id: string; pid?: number; port: number; health: string; status: string; startedAt: string; revision: number }
export interface StoppedTask { id: string; exitCode: number | null; signal: string | null; stoppedReason: string; stoppedAt: string; lastLines: string[]; revision?: number }
export interface Deployment { id: string; revision: number; status: string; reason: string; failedTasks: number; startedAt: string; finishedAt?: string }
export interface ServiceStatus { name: string; desiredCount: number; runningCount: number; tasks: StatusTask[]; stoppedTasks: StoppedTask[]; deployments: Deployment[] }
export interface Status {
  endpoints: { gateway: string; admin: string; dynamodb?: string };
  timings: string;
  services: ServiceStatus[];
  targetGroups: { name: string; targets: { id: string; port: number; state: string; reason?: string }[] }[];
  routes: { api: string; stage: string; routeKey: string; integration: string }[];
  cloudMap: { namespace: string; service: string; instances: { id: string; health: string; port?: string }[] }[];
}

export interface TopologyNode { id: string; kind: string; label: string; sub?: string; column: number; detail: Record<string, string>; live?: { kind: 'service' | 'targetGroup' | 'cloudMap'; name: string } }
export interface EdgeVerdict { allowed: boolean; hop: string; explanation?: string; fix?: string }
export interface TopologyEdge { id: string; from: string; to: string; label?: string; verdict?: EdgeVerdict }
export interface Topology { columns: string[]; nodes: TopologyNode[]; edges: TopologyEdge[] }

export interface HopSummary { kind: string; name: string; durationMs: number; status?: number; error?: string }
export interface RequestSummary { id: string; method: string; path: string; status: number; startedAt: number; durationMs: number; stage: string; routeKey: string; hops: HopSummary[]; accessLogLine?: string }
export interface Hop extends HopSummary { startedAt: number; detail: Record<string, string>; headers?: Record<string, string | string[]> }
export interface RequestRecord extends Omit<RequestSummary, 'hops'> { traceId?: string; api: string; hops: Hop[] }

export interface LogLine { service: string; taskId: string; time: string; text: string }
