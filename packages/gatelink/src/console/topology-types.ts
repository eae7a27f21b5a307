/**
 * The console's system diagram as data: nodes in columns (left to right, the way a request goes),
 * edges between them, and on each edge that a connection crosses, the security-group verdict. The
 * diagram is built from the plan by contributors (./topology.ts), one per kind of resource, so a new
 * kind (REST APIs, network load balancers, queues) is one more contributor and a column, not a
 * rewrite. Live health is not part of it: the page colours nodes from the status stream through
 * each node's `live` key.
 */
export interface TopologyNode {
  readonly id: string;
  /** `api`, `route`, `integration`, `vpcLink`, `listener`, `rule`, `targetGroup`, `service`, `cloudMap`, `table`, `queue`… */
  readonly kind: string;
  readonly label: string;
  readonly sub?: string;
  readonly column: number;
  readonly detail: Readonly<Record<string, string>>;
  /** Which part of `GET /v1/status` holds this node's live state. */
  readonly live?: { readonly kind: 'service' | 'targetGroup' | 'cloudMap'; readonly name: string };
}

export interface EdgeVerdict {
  readonly allowed: boolean;
  /** The hop the verdict is about: `VPC link → load balancer on tcp/80`. */
  readonly hop: string;
  readonly explanation?: string;
  readonly fix?: string;
}

export interface TopologyEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly verdict?: EdgeVerdict;
}

export interface Topology {
  readonly columns: readonly string[];
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}
