/**
 * The startup bench: `gatelink up` from spawn to every task healthy (polling /v1/status), cold — a
 * fresh data dir, so no cached assembly and a real synth — and warm — the same data dir again, the
 * app unchanged, so the cached assembly is reused — and stop-to-released after each run.
 */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { BenchArgs } from './args.js';
import { benchDir, buildOnce, progress } from './build.js';
import { startGatelink } from './gatelink.js';
import { describeMachine } from './machine.js';
import { formatTable, spread } from './report.js';

const HEALTHY_TIMEOUT_MS = 180_000;

export interface Timing {
  readonly startMs: number;
  readonly stopMs: number;
  /** CPU seconds from spawn to healthy: gatelink's process, and its tasks together. */
  readonly cpu: { readonly gatelink: number; readonly tasks: number };
}

export async function benchStartup(args: BenchArgs): Promise<string> {
  buildOnce();
  const dir = benchDir();
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  try {
    for (let run = 1; run <= args.runs; run++) {
      const dataDir = path.join(dir, `cold-${run}`);
      cold.push(await once(dataDir, path.join(dir, `cold-${run}.log`)));
      progress(`cold ${run}/${args.runs}: healthy in ${cold.at(-1)?.startMs.toFixed(0)} ms, released in ${cold.at(-1)?.stopMs.toFixed(0)} ms`);
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The warm runs share one data dir whose assembly the first (unmeasured) run synthesized.
    const warmDir = path.join(dir, 'warm');
    await once(warmDir, path.join(dir, 'warm-prime.log'));
    for (let run = 1; run <= args.runs; run++) {
      warm.push(await once(warmDir, path.join(dir, `warm-${run}.log`)));
      progress(`warm ${run}/${args.runs}: healthy in ${warm.at(-1)?.startMs.toFixed(0)} ms, released in ${warm.at(-1)?.stopMs.toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return report(cold, warm, args.runs);
}

async function once(dataDir: string, logFile: string): Promise<Timing> {
  const gatelink = await startGatelink({ dataDir, logFile, args: ['--log-level', 'warn'] });
  try {
    const startMs = await gatelink.healthy(HEALTHY_TIMEOUT_MS);
    const cpu = await gatelink.cpu();
    return { startMs, cpu, stopMs: await gatelink.stop() };
  } finally {
    await gatelink.stop();
  }
}

export function report(cold: readonly Timing[], warm: readonly Timing[], runs: number, cores = availableParallelism(), machine = describeMachine(process.env, cores)): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(2);
  const row = (what: string, values: readonly number[]): string[] => {
    const { min, median, max } = spread(values);
    return [what, seconds(min), seconds(median), seconds(max)];
  };
  const warmCpu = warm.map((timing) => timing.cpu.gatelink + timing.cpu.tasks);
  const busy = warm.map((timing, i) => (warmCpu[i] ?? 0) / ((timing.startMs / 1000) * cores));
  return [
    '',
    `gatelink up --cdk-dir infra (bookstore: 2 services × 2 tasks), ${runs} run(s) each; seconds`,
    `Machine: ${machine}.`,
    '',
    formatTable(
      ['phase', 'min', 'median', 'max'],
      [
        row('cold start-to-healthy (fresh data dir: synth)', cold.map((t) => t.startMs)),
        row('warm start-to-healthy (cached assembly)', warm.map((t) => t.startMs)),
        row('stop-to-released (SIGTERM → group, tasks, ports gone)', [...cold, ...warm].map((t) => t.stopMs)),
        row('warm: CPU s of gatelink (all threads) until healthy', warm.map((t) => t.cpu.gatelink * 1000)),
        row('warm: CPU s of the tasks together until healthy', warm.map((t) => t.cpu.tasks * 1000)),
      ],
    ),
    '',
    // CPU-bound start: the wall time cannot drop below the CPU it needs over the cores there are.
    `warm start used ${(spread(busy).median * 100).toFixed(0)} % of ${cores} cores from spawn to healthy (median): ${(spread(warmCpu).median).toFixed(2)} CPU s in ${(spread(warm.map((t) => t.startMs)).median / 1000).toFixed(2)} s`,
  ].join('\n');
}
