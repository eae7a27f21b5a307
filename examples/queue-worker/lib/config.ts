/**
 * Settings read from CDK context. TLS is off by default (gatelink serves plain HTTP locally); the
 * seed's ACM prerequisite is met with `-c domainName=api.example.com -c certificateArn=arn:aws:acm:…`:
 * a custom domain on the REST API and HTTPS on the ALB, both with that certificate.
 */
import type { Node } from 'constructs';

export interface QueueWorkerConfig {
  /** Both set, or neither: the REST API's custom domain and the ALB's HTTPS certificate. */
  readonly tls?: { readonly domainName: string; readonly certificateArn: string };
  readonly desiredCount: { readonly api: number; readonly processing: number };
  readonly containerPort: number;
  /** Seconds a received message stays invisible; processing takes well under it. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives after which a message moves to the dead-letter queue (the seed's requirement: 3). */
  readonly maxReceiveCount: number;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

export function readConfig(node: Node): QueueWorkerConfig {
  const domainName = node.tryGetContext('domainName') as string | undefined;
  const certificateArn = node.tryGetContext('certificateArn') as string | undefined;
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('queue-worker: set both -c domainName=… and -c certificateArn=… for TLS, or neither for plain HTTP');
  }
  return {
    ...(domainName && certificateArn ? { tls: { domainName, certificateArn } } : {}),
    desiredCount: { api: 2, processing: 1 },
    containerPort: 8080,
    visibilityTimeoutSeconds: 10,
    maxReceiveCount: 3,
    throttle: { rateLimit: 50, burstLimit: 100 },
  };
}
