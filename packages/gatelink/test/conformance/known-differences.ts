import type { KnownDifference } from './types.js';

/** Where gatelink knowingly differs from AWS (or AWS does not document the behaviour). Listed in docs/conformance.md. */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  { area: 'authorizers', difference: 'Issuers may be plain `http://` URLs (a local OIDC provider); AWS requires `https://`. `https://issuer.gatelink.local` is gatelink’s own dev issuer (`gatelink token`), answered without the network.' },
  { area: 'authorizers', difference: 'Only the audience `error_description` is documented by AWS; the other descriptions in `www-authenticate` are gatelink’s wording. The 403 for a missing scope is not documented either.' },
  { area: 'authorizers', difference: 'Lambda (`REQUEST`) authorizers answer 500 and `AWS_IAM` routes answer 403 to every request: neither is emulated, and gatelink never lets such a route through unchecked.' },
  { area: 'cors', difference: 'The preflight answer is `204` with no body; with `*` in AllowMethods/AllowHeaders the requested method/headers are echoed. AWS documents the headers, not these details.' },
  { area: 'cors', difference: 'gatelink adds the CORS headers to the gateway’s own error answers (401, 404, 429, 503) for allowed origins; AWS does not document whether it does.' },
  { area: 'mapping', difference: '`$request.body.<JSONPath>` values are not evaluated (they map to nothing); `$context.authorizer.claims.*` strings are passed without JSON quotes.' },
  { area: 'errors', difference: 'The 10 MB body and 10,240-byte header quotas answer 413 and 431; AWS documents the quotas but not the status. An ALB→task security-group gap answers 503 at once (AWS: the ALB’s 504 after its 10 s connect timeout).' },
  { area: 'errors', difference: 'An integration timeout answers 503 `{"message":"Service Unavailable"}` as observed on real HTTP APIs with VPC-link backends; the Knowledge Center says 504.' },
  { area: 'throttling', difference: 'Token buckets are exact on one machine; AWS throttling is best-effort across its fleet, so AWS may let a few more requests through.' },
  { area: 'access-logs', difference: 'Lines go to `<data dir>/logs/access.log` (and stdout with `--log-format`), not to the CloudWatch log group named by `DestinationArn`. Stages without a format get gatelink’s CLF-like default.' },
  { area: 'nlb-listeners', difference: 'Where AWS drops a flow (no registered target, a security group that does not admit the client) the client’s SYN goes unanswered and it times out; gatelink accepts the connection and resets it at once, and logs why. AWS does not document the empty-group case beyond “fails open”. TLS listeners are served as plain TCP (no certificate locally); UDP and TCP_UDP listeners are not served.' },
  { area: 'nlb-listeners', difference: 'Target choice is a flow hash (FNV-1a over source address, source port and listener port; AWS also hashes the TCP sequence number and does not document its hash). Availability Zones do not exist locally, so cross-zone load balancing makes no difference: every registered target is in reach.' },
  { area: 'nlb-alb-target', difference: 'Client IP preservation is modelled, not real: every hop is on 127.0.0.1, so a task always sees 127.0.0.1; an ALB behind an NLB sees (and puts in X-Forwarded-For) the client’s address when preservation is on (`instance` and `alb` targets, or `preserve_client_ip.enabled`), the NLB’s private address otherwise.' },
  { area: 'nlb-health', difference: 'Passive health checks (AWS notices failing connections before the active checks do) are not emulated. HTTP health checks send `Host: <target address>:<port>`; AWS sends the NLB node’s address and the listener port.' },
];
