/**
 * How an NLB picks a target for a TCP connection: "a flow hash algorithm based on the protocol,
 * source IP address, source port, destination IP address, destination port, and TCP sequence number"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/introduction.html), and the
 * connection stays with that target for its life. AWS does not document the hash itself; gatelink
 * uses FNV-1a over the tuple it has (the sequence number is not visible to a user-space proxy, so the
 * source port stands in for per-connection spread). Undocumented: the exact distribution.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export interface Flow {
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly destinationPort: number;
}

/** A 32-bit unsigned hash of the connection's tuple. */
export function flowHash(flow: Flow): number {
  let hash = FNV_OFFSET;
  const text = `tcp|${flow.sourceAddress}|${flow.sourcePort}|${flow.destinationPort}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}
