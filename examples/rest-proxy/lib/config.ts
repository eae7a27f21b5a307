/**
 * Settings read from CDK context. `variant` picks the seed's two ways in front of the services:
 * - `alb` (default, L7): REST API → HTTP proxy over the internet → internet-facing ALB, whose
 *   listener rules route /blog and /webpage by path;
 * - `nlb` (L4, `-c variant=nlb`): REST API → VPC link → internal NLB, one listener port per
 *   service (an NLB cannot look at paths).
 */
import type { Node } from 'constructs';

export type Variant = 'alb' | 'nlb';

export interface ServiceConfig {
  /** The container port, which is also the target group port. */
  readonly containerPort: number;
  readonly desiredCount: number;
}

export interface RestProxyConfig {
  readonly variant: Variant;
  readonly blog: ServiceConfig;
  readonly webpage: ServiceConfig;
  /** The internet-facing ALB's listener port (alb variant). */
  readonly albPort: number;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

export function readConfig(node: Node): RestProxyConfig {
  const variant = (node.tryGetContext('variant') as string | undefined) ?? 'alb';
  if (variant !== 'alb' && variant !== 'nlb') throw new Error(`rest-proxy: -c variant=${variant} is neither alb (the default) nor nlb`);
  return {
    variant,
    blog: { containerPort: 8080, desiredCount: 1 },
    webpage: { containerPort: 5000, desiredCount: 1 },
    albPort: 80,
    throttle: { rateLimit: 50, burstLimit: 100 },
  };
}
