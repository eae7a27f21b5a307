/**
 * Settings that decide cost and resilience, in one place. The default is the cheapest configuration
 * that keeps the serving path's availability (2 AZs, 2 tasks per service); `-c production=true`
 * trades about $60 a month for a NAT gateway per AZ (see docs/cost.md).
 */
import type { Node } from 'constructs';

export interface BookstoreConfig {
  /** One NAT gateway per AZ instead of one NAT instance (egress survives an AZ outage). */
  readonly natGatewayPerAz: boolean;
  /** Tasks per service; autoscaling never goes below it. */
  readonly desiredCount: number;
  readonly maxCount: number;
  /** Container port (not 80: the containers run as a non-root user). */
  readonly containerPort: number;
  /** Steady-state requests per second and burst on the API stage's default route. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

export function readConfig(node: Node): BookstoreConfig {
  const production = [true, 'true'].includes(node.tryGetContext('production') as boolean | string);
  return {
    natGatewayPerAz: production,
    desiredCount: 2,
    maxCount: production ? 10 : 4,
    containerPort: 8080,
    throttle: { rateLimit: 100, burstLimit: 200 },
  };
}
