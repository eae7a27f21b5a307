/**
 * gatelink and nginx on the health endpoint in short runs that alternate (gatelink first in one
 * pair, nginx first in the next), so that both see the same minutes of a machine whose speed
 * swings by tens of percent: each pair gives a ratio, and their median is the bench's last line.
 */
import { rotation } from './latency-rotations.js';
import { runLoad } from './load.js';
import { sampleUsage } from './proc.js';
import { spread } from './report.js';

export interface Measured {
  readonly name: 'gatelink' | 'nginx';
  readonly url: string;
  readonly pgid: number;
}

export interface PairResult {
  readonly gatelink: { readonly rps: number; readonly cpuMicros: number };
  readonly nginx: { readonly rps: number; readonly cpuMicros: number };
}

export interface PairsSummary {
  readonly ratios: readonly number[];
  readonly medianRatio: number;
  readonly medianCpuMicros: { readonly gatelink: number; readonly nginx: number };
}

export async function runPairs(gatelink: Measured, nginx: Measured, options: { pairs: number; seconds: number; connections: number }): Promise<PairResult[]> {
  const results: PairResult[] = [];
  for (let pair = 0; pair < options.pairs; pair++) {
    const seen = new Map<Measured['name'], { rps: number; cpuMicros: number }>();
    for (const target of rotation([gatelink, nginx], pair)) {
      const usage = sampleUsage(target.pgid);
      const load = await runLoad({ url: target.url, connections: options.connections, durationSeconds: options.seconds });
      seen.set(target.name, { rps: load.rps, cpuMicros: cpuMicrosPerRequest(usage.stop().cpuPercent, load.rps) });
    }
    results.push({ gatelink: seen.get('gatelink') ?? none, nginx: seen.get('nginx') ?? none });
  }
  return results;
}

const none = { rps: Number.NaN, cpuMicros: Number.NaN };

export function summarizePairs(pairs: readonly PairResult[]): PairsSummary {
  const ratios = pairs.filter((pair) => pair.nginx.rps > 0).map((pair) => pair.gatelink.rps / pair.nginx.rps);
  return {
    ratios,
    medianRatio: ratios.length > 0 ? spread(ratios).median : Number.NaN,
    medianCpuMicros: { gatelink: spread(pairs.map((pair) => pair.gatelink.cpuMicros)).median, nginx: spread(pairs.map((pair) => pair.nginx.cpuMicros)).median },
  };
}

/** CPU µs per request from `cpuPercent` (100 = one core busy for the whole run) at `rps`. */
export function cpuMicrosPerRequest(cpuPercent: number, rps: number): number {
  return rps > 0 ? ((cpuPercent / 100) * 1e6) / rps : Number.NaN;
}
