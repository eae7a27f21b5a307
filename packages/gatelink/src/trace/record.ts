/**
 * One request as the console shows it: a row of the request list (method, path, status, total time,
 * time per hop) and, opened, a trace whose hops carry what each one decided and the headers as it
 * saw them (redacted). Hop kinds are open-ended strings so that new data-plane kinds (REST APIs,
 * network load balancers, queues) add hops without changing this shape.
 */
export type HopKind = 'gateway' | 'link' | 'loadBalancer' | 'task' | (string & {});

export interface Hop {
  readonly kind: HopKind;
  /** What the hop is: `HTTP API bookstore ($default)`, `listener …/PublicListener`, `task 1f2e… (bookService)`. */
  readonly name: string;
  /** Epoch milliseconds (fractional). */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly status?: number;
  /** What the hop decided, as label → text (`route`, `authorizer`, `rule`, `target`…). */
  readonly detail: Readonly<Record<string, string>>;
  /** Request headers as this hop received them, secrets redacted. */
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly error?: string;
}

export interface RequestRecord {
  /** `apigw-requestid`. */
  readonly id: string;
  /** The AWS trace id (X-Amzn-Trace-Id Root) the load balancer stamped, when the request reached one. */
  readonly traceId?: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly api: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly hops: readonly Hop[];
  readonly accessLogLine?: string;
}

/** A row of the request list: everything but the hops' headers and details. */
export interface RequestSummary {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly stage: string;
  readonly routeKey: string;
  readonly hops: readonly { readonly kind: HopKind; readonly name: string; readonly durationMs: number; readonly status?: number; readonly error?: string }[];
  readonly accessLogLine?: string;
}

export function summarize(record: RequestRecord): RequestSummary {
  return {
    id: record.id,
    method: record.method,
    path: record.path,
    status: record.status,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    stage: record.stage,
    routeKey: record.routeKey,
    hops: record.hops.map((hop) => ({ kind: hop.kind, name: hop.name, durationMs: hop.durationMs, ...(hop.status !== undefined ? { status: hop.status } : {}), ...(hop.error ? { error: hop.error } : {}) })),
    ...(record.accessLogLine ? { accessLogLine: record.accessLogLine } : {}),
  };
}
