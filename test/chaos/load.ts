/**
 * A fixed-rate load generator for the chaos test: sends requests on a schedule (not as fast as it
 * can), so latency is measured without coordinated omission, and records every outcome with its time.
 */
export interface Outcome {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
  /** `http-<status>` for non-2xx answers, the network error's code for failures, undefined when OK. */
  readonly failure?: string;
}

export interface FixedRateLoad {
  readonly outcomes: Outcome[];
  inFlight(): number;
  stop(): Promise<void>;
}

export function startLoad(urls: readonly string[], ratePerSecond: number): FixedRateLoad {
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  let stopped = false;
  const send = (url: string): void => {
    const startedAt = performance.now();
    const request = fetch(url, { signal: AbortSignal.timeout(35_000) })
      .then(async (response) => {
        await response.arrayBuffer();
        outcomes.push({ startedAt, endedAt: performance.now(), status: response.status, ...(response.ok ? {} : { failure: `http-${response.status}` }) });
      })
      .catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        outcomes.push({ startedAt, endedAt: performance.now(), status: 0, failure: cause });
      })
      .finally(() => pending.delete(request));
    pending.add(request);
  };
  const timer = setInterval(() => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - started) / 1000) * ratePerSecond);
    for (; sent < due; sent++) send(urls[sent % urls.length] as string);
  }, 5);
  return {
    outcomes,
    inFlight: () => pending.size,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...pending]);
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
