/**
 * What the load balancer asks the network layer: may a connection leave these security groups and
 * reach those on this port? The network helper implements it from the template's security-group
 * graph; the ELB only consumes the answer (and remembers the explanation for its logs).
 */

/** One end of a hop: the security groups of its network interface and a name for log lines. */
export interface NetworkEndpoint {
  readonly securityGroupIds: readonly string[];
  readonly description: string;
  /** The source's address when it is known rather than placed in a subnet (a client on the internet). */
  readonly address?: string;
}

/** The destination end also names the TCP port the connection is for. */
export interface NetworkDestination extends NetworkEndpoint {
  readonly port: number;
}

export type NetworkVerdict = { readonly allowed: true } | { readonly allowed: false; readonly explanation: string; readonly fix: string };

/** Security-group reachability between two network interfaces. */
export interface NetworkCheck {
  canConnect(from: NetworkEndpoint, to: NetworkDestination): NetworkVerdict;
}

/** A network with no security groups in the way (tests, or a plan without any). */
export const OPEN_NETWORK: NetworkCheck = { canConnect: () => ({ allowed: true }) };
