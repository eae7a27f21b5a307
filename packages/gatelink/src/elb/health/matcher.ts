/**
 * The health-check success-code matcher as AWS writes it: `200`, a list `200,202`, a range
 * `200-299`, or a mix; HTTP codes must lie within 200–499 (200–599 for a Network Load Balancer's group,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html)
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 */
import { GatelinkError } from '../../errors.js';

/** Parses a matcher once into a test on a response status. */
export function parseSuccessCodes(matcher: string, resource: string, highest = 499): (status: number) => boolean {
  const ranges: [number, number][] = [];
  for (const part of matcher.split(',')) {
    const text = part.trim();
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(text);
    const low = Number(match?.[1]);
    const high = match?.[2] === undefined ? low : Number(match[2]);
    if (!match || low > high || low < 200 || high > highest) {
      throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', {
        resource,
        detail: `health check matcher "${matcher}" is invalid: use codes like 200, 200,202 or 200-299 within 200-${highest}`,
      });
    }
    ranges.push([low, high]);
  }
  if (ranges.length === 1) {
    const [low, high] = ranges[0] as [number, number];
    return (status) => status >= low && status <= high;
  }
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}
