/**
 * The system as a diagram, left to right as a request travels: APIs → routes → integrations → VPC
 * links → listeners → rules → target groups / Cloud Map → services → data. Nodes are coloured by
 * live health; each edge a connection crosses carries its security-group verdict, and a blocked one
 * is red and lists the missing rule and the fix.
 */
import { h, replace, s } from '../dom.js';
import { nodeHealth } from '../health.js';
import type { Store } from '../store.js';
import type { Topology, TopologyEdge, TopologyNode } from '../types.js';

const NODE_W = 164;
const COLUMN_GAP = 48;
const NODE_H = 50;
const SERVICE_H = 68;
const ROW_GAP = 14;
const TOP = 34;

interface Placed { node: TopologyNode; x: number; y: number; height: number }

export class TopologyView {
  readonly element = h('section', { class: 'view topology' });
  private readonly diagram = h('div', { class: 'diagram', 'data-testid': 'topology' });
  private readonly side = h('aside', { class: 'details' });
  private readonly verdicts = h('section', { class: 'verdicts', 'data-testid': 'verdicts' });
  private selected: { kind: 'node' | 'edge'; id: string } | undefined;

  constructor(private readonly store: Store) {
    this.element.append(this.diagram, h('div', { class: 'topology-below' }, this.verdicts, this.side));
  }

  update(): void {
    const topology = this.store.topology;
    if (!topology) {
      replace(this.diagram, h('p', { class: 'muted' }, 'Loading the topology…'));
      return;
    }
    const placed = layout(topology);
    replace(this.diagram, this.draw(topology, placed));
    this.renderVerdicts(topology);
    this.renderDetails(topology);
  }

  private draw(topology: Topology, placed: Map<string, Placed>): SVGElement {
    const all = [...placed.values()];
    const width = Math.max(...all.map((p) => p.x + NODE_W)) + 20;
    const height = Math.max(...all.map((p) => p.y + p.height)) + 20;
    const columns = [...new Set(all.map((p) => p.node.column))].sort((a, b) => a - b);
    const headers = columns.map((column) => {
      const x = all.find((p) => p.node.column === column)?.x ?? 0;
      return s('text', { x: x + NODE_W / 2, y: 16, class: 'column-title', 'text-anchor': 'middle' }, topology.columns[column] ?? '');
    });
    // Edges with a verdict drawn last, on top: the ones worth clicking are never under another edge.
    const rank = (edge: TopologyEdge): number => (edge.verdict ? (edge.verdict.allowed ? 1 : 2) : 0);
    const edges = [...topology.edges].sort((a, b) => rank(a) - rank(b)).map((edge) => this.drawEdge(edge, placed));
    const nodes = all.map((p) => this.drawNode(p));
    return s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', style: `max-width:${width}px`, role: 'img', 'aria-label': 'system topology' }, headers, edges, nodes);
  }

  private drawEdge(edge: TopologyEdge, placed: Map<string, Placed>): SVGElement | null {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) return null;
    const x1 = from.x + NODE_W;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const mid = (x1 + x2) / 2;
    const verdict = edge.verdict;
    const state = verdict ? (verdict.allowed ? 'allowed' : 'blocked') : 'plain';
    // Verdict edges say only allowed or blocked (the port is in the list below and on click); plain edges keep labels like weights.
    const label = verdict ? (verdict.allowed ? '✓' : `✗ blocked ${edge.label ?? ''}`) : edge.label;
    const select = () => this.select('edge', edge.id);
    return s(
      'g',
      { class: `edge ${state} ${this.selected?.id === edge.id ? 'selected' : ''}`, 'data-edge': edge.id, 'data-testid': `edge-${state}`, onclick: select },
      s('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge-line' }),
      s('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge-hit' }),
      label ? s('text', { x: mid, y: (y1 + y2) / 2 - 4, 'text-anchor': 'middle', class: 'edge-label' }, label) : null,
    );
  }

  private drawNode(p: Placed): SVGElement {
    const live = nodeHealth(p.node, this.store.status);
    const select = () => this.select('node', p.node.id);
    const tasks = live.tasks ?? [];
    return s(
      'g',
      { class: `node ${p.node.kind} health-${live.health} ${this.selected?.id === p.node.id ? 'selected' : ''}`, transform: `translate(${p.x},${p.y})`, 'data-node': p.node.id, 'data-kind': p.node.kind, 'data-health': live.health, onclick: select },
      s('title', {}, `${p.node.label}${live.text ? ` — ${live.text}` : ''}`),
      s('rect', { width: NODE_W, height: p.height, rx: 7 }),
      s('text', { x: 10, y: 19, class: 'node-label' }, clip(p.node.label, 22)),
      s('text', { x: 10, y: 36, class: 'node-sub' }, clip(live.text ?? p.node.sub ?? '', 28)),
      tasks.map((task, index) => s('circle', { cx: 16 + index * 18, cy: 54, r: 6, class: `task-dot ${task.health}` }, s('title', {}, `task ${task.id.slice(0, 12)} r${task.revision}: ${task.health}`))),
    );
  }

  private select(kind: 'node' | 'edge', id: string): void {
    this.selected = this.selected?.id === id ? undefined : { kind, id };
    this.update();
  }

  private renderDetails(topology: Topology): void {
    const selected = this.selected;
    if (!selected) {
      replace(this.side, h('h3', {}, 'Details'), h('p', { class: 'muted' }, 'Select a node or an edge. Colours: green healthy, amber starting or partly healthy, red unhealthy or blocked.'));
      return;
    }
    if (selected.kind === 'node') {
      const node = topology.nodes.find((candidate) => candidate.id === selected.id);
      if (!node) return;
      const live = nodeHealth(node, this.store.status);
      replace(this.side, h('h3', {}, node.label), h('p', { class: 'muted' }, node.sub ?? node.kind), live.text ? h('p', { class: `pill ${live.health}` }, live.text) : null, table(node.detail), h('p', { class: 'id' }, node.id));
      return;
    }
    const edge = topology.edges.find((candidate) => candidate.id === selected.id);
    if (!edge) return;
    replace(this.side, h('h3', {}, 'Connection'), h('p', {}, `${edge.from} → ${edge.to}`), edge.verdict ? verdictBlock(edge) : h('p', { class: 'muted' }, 'No network hop: a configuration link.'));
  }

  private renderVerdicts(topology: Topology): void {
    const checked = topology.edges.filter((edge) => edge.verdict);
    const blocked = checked.filter((edge) => !edge.verdict?.allowed);
    replace(
      this.verdicts,
      h('h3', {}, `Security-group verdicts: ${checked.length - blocked.length} allowed, ${blocked.length} blocked`),
      blocked.map((edge) => verdictBlock(edge)),
      h('ul', { class: 'allowed-list' }, checked.filter((edge) => edge.verdict?.allowed).map((edge) => h('li', {}, '✓ ', edge.verdict?.hop ?? edge.id))),
    );
  }
}

function verdictBlock(edge: TopologyEdge): HTMLElement {
  const verdict = edge.verdict;
  if (!verdict) return h('div');
  if (verdict.allowed) return h('div', { class: 'verdict allowed' }, h('strong', {}, '✓ allowed: '), verdict.hop);
  return h(
    'div',
    { class: 'verdict blocked', 'data-testid': 'blocked-verdict' },
    h('strong', {}, `✗ blocked: ${verdict.hop}`),
    h('p', {}, verdict.explanation ?? ''),
    h('p', { class: 'fix' }, h('b', {}, 'Fix: '), verdict.fix ?? ''),
  );
}

function table(detail: Record<string, string>): HTMLElement {
  return h('table', { class: 'kv' }, Object.entries(detail).map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, value))));
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Columns left to right (empty ones dropped); within a column, nodes ordered by where their first predecessor is, to keep edges short and uncrossed. */
function layout(topology: Topology): Map<string, Placed> {
  const placed = new Map<string, Placed>();
  const columns = [...new Set(topology.nodes.map((node) => node.column))].sort((a, b) => a - b);
  const incoming = new Map<string, string[]>();
  for (const edge of topology.edges) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  columns.forEach((column, index) => {
    const nodes = topology.nodes.filter((node) => node.column === column);
    const weight = (node: TopologyNode): number => {
      const ys = (incoming.get(node.id) ?? []).map((id) => placed.get(id)).filter((p): p is Placed => p !== undefined).map((p) => p.y);
      // The highest predecessor, not the mean: a service behind a target group and a Cloud Map service lines up with its target group.
      return ys.length > 0 ? Math.min(...ys) : Number.MAX_SAFE_INTEGER;
    };
    nodes.sort((a, b) => weight(a) - weight(b) || a.label.localeCompare(b.label));
    let y = TOP;
    for (const node of nodes) {
      const height = node.kind === 'service' ? SERVICE_H : NODE_H;
      placed.set(node.id, { node, x: 10 + index * (NODE_W + COLUMN_GAP), y, height });
      y += height + ROW_GAP;
    }
  });
  return placed;
}
