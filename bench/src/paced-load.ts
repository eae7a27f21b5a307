/**
 * A fixed-rate load that is really at that rate: requests evenly spaced in time (open loop: sent
 * when due, whether or not earlier ones have answered), over a keep-alive pool. autocannon's
 * `overallRate` is not that: each connection sends its quota for the second back to back as soon
 * as the second starts, then waits for the next (autocannon issue #174), so its "1,000 req/s over
 * 10 connections" is a burst at full concurrency every second, and its latency is the latency of
 * a saturated proxy. Each request's time runs from its dispatch, so time spent queued for a busy
 * connection counts.
 */
import { Pool } from 'undici';
import type { LoadResult } from './load.js';
import { percentile } from './report.js';

export interface PacedLoadOptions {
  readonly url: string;
  /** Requests per second, evenly spaced. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Most keep-alive connections open at once. */
  readonly connections: number;
  /** How long to wait for answers still on their way when the schedule ends (default 10 s). */
  readonly drainMs?: number;
}

export async function runPacedLoad(options: PacedLoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const path = `${target.pathname}${target.search}`;
  const latencies: number[] = [];
  let errors = 0;
  /** Set once the drain is over: a request still unanswered then counts once, as an error. */
  let ended = false;
  const runStarted = process.hrtime.bigint();
  let lastAnswer = runStarted;
  const inFlight = new Set<Promise<void>>();
  const send = (): void => {
    const started = process.hrtime.bigint();
    const done = pool
      .request({ method: 'GET', path })
      .then(async ({ statusCode, body }) => {
        await body.dump();
        if (ended) return;
        const answered = process.hrtime.bigint();
        lastAnswer = answered;
        if (statusCode >= 200 && statusCode < 300) latencies.push(Number(answered - started) / 1e6);
        else errors++;
      })
      .catch(() => {
        if (!ended) errors++;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  try {
    const total = Math.round(options.rate * options.durationSeconds);
    await keepSchedule(total, options.rate, send);
    await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, options.drainMs ?? 10_000).unref())]);
    errors += inFlight.size;
    ended = true;
  } finally {
    await pool.destroy();
  }
  const sorted = Float64Array.from(latencies).sort();
  // Answers per second over the time they took to come: a target slower than the rate answers the
  // last requests after the schedule, and its rate is what it achieved, not the one asked for.
  const seconds = Math.max(options.durationSeconds, Number(lastAnswer - runStarted) / 1e9);
  return { rps: latencies.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors, responses: latencies.length };
}

/**
 * Calls `send` `total` times, the n-th at start + n / rate: each wake-up sends every request that
 * is due, so a late timer delays requests but never drops them or changes the overall rate.
 */
export function keepSchedule(total: number, rate: number, send: () => void, now: () => number = () => performance.now()): Promise<void> {
  const start = now();
  const intervalMs = 1000 / rate;
  let sent = 0;
  return new Promise((resolve) => {
    const wake = (): void => {
      const due = Math.min(total, Math.floor((now() - start) / intervalMs) + 1);
      while (sent < due) {
        send();
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(wake, Math.max(0, start + sent * intervalMs - now()));
    };
    wake();
  });
}
