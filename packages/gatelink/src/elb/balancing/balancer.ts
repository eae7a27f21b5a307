/**
 * Load-balancing algorithms behind one small interface: given the targets that may take traffic,
 * pick one. `round_robin` (the default), `least_outstanding_requests` and `weighted_random`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html).
 * Every algorithm passes the same contract test (test/elb/balancer-contract.test.ts).
 */
import type { RandomSource } from '../actions/weighted.js';

/** What an algorithm may look at: the number of requests a target is serving right now. */
export interface Balanced {
  readonly inFlight: number;
}

export interface Balancer {
  /** One of `candidates`, or undefined when there is none. Never mutates `candidates`. */
  pick<T extends Balanced>(candidates: readonly T[]): T | undefined;
}

export type BalancingAlgorithm = 'round_robin' | 'least_outstanding_requests' | 'weighted_random';

/** Rotates through the candidates in order. */
export class RoundRobinBalancer implements Balancer {
  private next = 0;

  pick<T extends Balanced>(candidates: readonly T[]): T | undefined {
    if (candidates.length === 0) return undefined;
    if (this.next >= candidates.length) this.next = 0;
    const chosen = candidates[this.next];
    this.next += 1;
    return chosen;
  }
}

/** The target with the fewest requests in flight; ties rotate so equal targets share the load. */
export class LeastOutstandingBalancer implements Balancer {
  private rotation = 0;

  pick<T extends Balanced>(candidates: readonly T[]): T | undefined {
    const count = candidates.length;
    if (count === 0) return undefined;
    this.rotation = (this.rotation + 1) % count;
    let best: T | undefined;
    for (let i = 0; i < count; i += 1) {
      const candidate = candidates[(this.rotation + i) % count] as T;
      if (best === undefined || candidate.inFlight < best.inFlight) best = candidate;
    }
    return best;
  }
}

/**
 * `weighted_random` without anomaly mitigation: every target has the same weight, so a uniform draw.
 * (Automatic target weights need AWS's anomaly detection, which has no local counterpart.)
 */
export class RandomBalancer implements Balancer {
  constructor(private readonly random: RandomSource) {}

  pick<T extends Balanced>(candidates: readonly T[]): T | undefined {
    if (candidates.length === 0) return undefined;
    return candidates[Math.min(candidates.length - 1, Math.floor(this.random() * candidates.length))];
  }
}

/** The balancer a target group's `load_balancing.algorithm.type` names. */
export function createBalancer(algorithm: BalancingAlgorithm, random: RandomSource): Balancer {
  switch (algorithm) {
    case 'round_robin':
      return new RoundRobinBalancer();
    case 'least_outstanding_requests':
      return new LeastOutstandingBalancer();
    case 'weighted_random':
      return new RandomBalancer(random);
  }
}
