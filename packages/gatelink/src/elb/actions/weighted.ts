/**
 * Weighted target groups of a `forward` action: traffic is split in proportion to weight (0–999),
 * a weight of 0 is never chosen (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html).
 * Compiled once into cumulative weights; a single group skips the random draw entirely.
 */
import { GatelinkError } from '../../errors.js';

/** A source of uniform numbers in [0, 1): `Math.random`, or a seeded generator in tests. */
export type RandomSource = () => number;

/** Returns a picker that draws one item by weight, or undefined when every weight is 0. */
export function compileWeightedChoice<T>(
  entries: readonly { readonly item: T; readonly weight: number }[],
  random: RandomSource,
  resource: string,
): () => T | undefined {
  for (const entry of entries) {
    if (!Number.isInteger(entry.weight) || entry.weight < 0 || entry.weight > 999) {
      throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `target group weight ${entry.weight} is outside 0..999` });
    }
  }
  const live = entries.filter((entry) => entry.weight > 0);
  if (live.length === 0) return () => undefined;
  if (live.length === 1) {
    const only = (live[0] as { item: T }).item;
    return () => only;
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const entry of live) {
    total += entry.weight;
    cumulative.push(total);
  }
  return () => {
    const draw = random() * total;
    for (let i = 0; i < cumulative.length; i += 1) if (draw < (cumulative[i] as number)) return (live[i] as { item: T }).item;
    return (live[live.length - 1] as { item: T }).item;
  };
}
