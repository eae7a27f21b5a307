/**
 * The p99 each proxy adds over one task directly, at a fixed rate, from short runs in which direct,
 * gatelink and nginx take turns (the order rotating every round): one long run per target minutes
 * apart is at the mercy of this VM, whose own tail moves by milliseconds from one run to the next
 * (direct's own p99 read 0.9 to 7.4 ms in consecutive runs). Each round gives each
 * proxy's addition over the direct run of the same round; the report gives their median.
 */
import { runPacedLoad } from './paced-load.js';
import { spread } from './report.js';

export type RateTargetName = 'direct' | 'gatelink' | 'nginx';

export interface RateTarget {
  readonly name: RateTargetName;
  readonly url: string;
}

/** One rotation: each target's p99 in ms (NaN for a run without a 2xx response). */
export type RotationRound = Readonly<Partial<Record<RateTargetName, number>>>;

export interface RotationOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly rate: number;
  readonly connections: number;
}

export interface AddedLatency {
  /** Per round, the proxy's p99 minus direct's, in ms. */
  readonly added: readonly number[];
  readonly median: number;
}

export type LatencySummary = Readonly<Partial<Record<Exclude<RateTargetName, 'direct'>, AddedLatency>>>;

/** `targets` starting at `round`'s turn: round 0 as given, round 1 from the second, and so on. */
export function rotation<T>(targets: readonly T[], round: number): T[] {
  const start = targets.length === 0 ? 0 : round % targets.length;
  return [...targets.slice(start), ...targets.slice(0, start)];
}

export async function runLatencyRotations(targets: readonly RateTarget[], options: RotationOptions): Promise<RotationRound[]> {
  const rounds: RotationRound[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const p99: Partial<Record<RateTargetName, number>> = {};
    for (const target of rotation(targets, round)) {
      const load = await runPacedLoad({ url: target.url, connections: options.connections, durationSeconds: options.seconds, rate: options.rate });
      p99[target.name] = load.p99;
    }
    rounds.push(p99);
  }
  return rounds;
}

/** Each proxy's addition over direct in every round that measured both; the median of those. */
export function summarizeLatency(rounds: readonly RotationRound[]): LatencySummary {
  const addedBy = (proxy: Exclude<RateTargetName, 'direct'>): AddedLatency | undefined => {
    const added = rounds.flatMap((round) => {
      const [through, direct] = [round[proxy], round.direct];
      return through !== undefined && direct !== undefined && Number.isFinite(through) && Number.isFinite(direct) ? [through - direct] : [];
    });
    return added.length > 0 ? { added, median: spread(added).median } : undefined;
  };
  const gatelink = addedBy('gatelink');
  const nginx = addedBy('nginx');
  return { ...(gatelink ? { gatelink } : {}), ...(nginx ? { nginx } : {}) };
}
