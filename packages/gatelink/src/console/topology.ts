/**
 * Builds the console's diagram (./topology-types.ts) from the plan. Each contributor adds the nodes
 * and edges of one kind of resource; the security-group verdicts come from the same network model
 * and the same explanations the data plane logs when it refuses a hop.
 */
import type { NetworkCheck } from '../elb/network-check.js';
import type { Plan } from '../plan/types.js';
import type { Topology, TopologyEdge, TopologyNode } from './topology-types.js';
import { apiContributor, elbContributor } from './topology-front.js';
import { cloudMapContributor, ecsContributor, tableContributor } from './topology-back.js';

/** Left to right, as a request travels; a contributor places its nodes in one of these. */
export const COLUMNS = ['APIs', 'routes', 'integrations', 'VPC links', 'listeners', 'rules', 'target groups · Cloud Map', 'services', 'data'] as const;
export type ColumnName = (typeof COLUMNS)[number];

export interface TopologyBuilder {
  readonly plan: Plan;
  readonly network: NetworkCheck;
  node(column: ColumnName, node: Omit<TopologyNode, 'column'>): void;
  edge(edge: Omit<TopologyEdge, 'id'>): void;
  has(id: string): boolean;
}

export type TopologyContributor = (builder: TopologyBuilder) => void;

/** In order: a contributor may link to nodes an earlier one added. New kinds add a line here. */
export const CONTRIBUTORS: readonly TopologyContributor[] = [apiContributor, elbContributor, cloudMapContributor, ecsContributor, tableContributor];

export function buildTopology(plan: Plan, network: NetworkCheck, contributors: readonly TopologyContributor[] = CONTRIBUTORS): Topology {
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const builder: TopologyBuilder = {
    plan,
    network,
    node: (column, node) => {
      if (!nodes.has(node.id)) nodes.set(node.id, { ...node, column: COLUMNS.indexOf(column) });
    },
    edge: (edge) => {
      const id = `${edge.from}->${edge.to}`;
      if (!edges.has(id)) edges.set(id, { ...edge, id });
    },
    has: (id) => nodes.has(id),
  };
  for (const contribute of contributors) contribute(builder);
  // An edge to a node no contributor drew (a kind not shown yet) is left out rather than dangling.
  const drawn = [...edges.values()].filter((edge) => nodes.has(edge.from) && nodes.has(edge.to));
  return { columns: COLUMNS, nodes: [...nodes.values()], edges: drawn };
}
