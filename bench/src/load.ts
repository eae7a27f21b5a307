/**
 * One fixed-concurrency run with autocannon: keep-alive connections, each sending its next request
 * as soon as the last is answered. Latency percentiles come from every response's own time
 * (autocannon reports them at 1 ms resolution only; sub-millisecond matters here). Fixed-rate runs
 * are `paced-load.ts`'s.
 */
import autocannon from 'autocannon';
import { percentile } from './report.js';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  /** 2xx responses per second over the run. */
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  readonly errors: number;
  readonly responses: number;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        pipelining: 1,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          rps: result['2xx'] / result.duration,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          errors: result.non2xx + result.errors + result.timeouts,
          responses: latencies.length,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
