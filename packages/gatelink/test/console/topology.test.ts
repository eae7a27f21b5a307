/** The console's diagram from a plan: every hop of the chain in its column, and the security-group verdict on the edges a connection crosses. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTopology, COLUMNS } from '../../src/console/topology.js';
import type { TopologyContributor } from '../../src/console/topology.js';
import { NetworkModel } from '../../src/network/index.js';
import { consolePlan } from './plan-fixture.js';

test('the chain API → route → integration → VPC link → listener → rule → target group → service → table, each in its column', () => {
  const plan = consolePlan();
  const topology = buildTopology(plan, new NetworkModel(plan));
  const column = (id: string) => COLUMNS[topology.nodes.find((node) => node.id === id)?.column ?? -1];
  assert.deepEqual(
    ['S/Api', 'S/Route', 'S/Integration', 'S/Link', 'S/Listener', 'S/Rule', 'S/Tg', 'S/Service', 'S/Items'].map(column),
    ['APIs', 'routes', 'integrations', 'VPC links', 'listeners', 'rules', 'target groups · Cloud Map', 'services', 'data'],
  );
  const edges = new Set(topology.edges.map((edge) => `${edge.from}->${edge.to}`));
  for (const edge of ['S/Api->S/Route', 'S/Route->S/Integration', 'S/Integration->S/Link', 'S/Link->S/Listener', 'S/Listener->S/Rule', 'S/Rule->S/Tg', 'S/Tg->S/Service', 'S/Service->S/Items', 'S/Listener->S/Listener#default']) {
    assert.ok(edges.has(edge), `edge ${edge}`);
  }
  assert.deepEqual(topology.nodes.find((node) => node.id === 'S/Service')?.live, { kind: 'service', name: 'shopService' });
});

test('security-group verdicts: allowed on a sound plan; the SG gap blocks load balancer → tasks with the missing rule and its fix', () => {
  const sound = consolePlan();
  const allowed = buildTopology(sound, new NetworkModel(sound)).edges.filter((edge) => edge.verdict);
  assert.deepEqual(allowed.map((edge) => [edge.id, edge.verdict?.allowed]), [['S/Link->S/Listener', true], ['S/Tg->S/Service', true]]);

  const gap = consolePlan({ taskIngress: false });
  const blocked = buildTopology(gap, new NetworkModel(gap)).edges.find((edge) => edge.id === 'S/Tg->S/Service');
  assert.equal(blocked?.verdict?.allowed, false);
  assert.match(blocked?.verdict?.explanation ?? '', /no ingress rule admitting S\/AlbSg .* on tcp\/8080/);
  assert.match(blocked?.verdict?.fix ?? '', /AWS::EC2::SecurityGroupIngress .*TaskSg.*FromPort 8080/);
  assert.match(blocked?.verdict?.hop ?? '', /load balancer shop-alb → tasks of shopService on tcp\/8080/);
});

test('a new kind is one more contributor; edges to nodes no contributor drew are left out', () => {
  const plan = consolePlan();
  const queues: TopologyContributor = (b) => {
    b.node('data', { id: 'S/Queue', kind: 'queue', label: 'orders', detail: {} });
    b.edge({ from: 'S/Service', to: 'S/Queue' });
    b.edge({ from: 'S/Service', to: 'S/Nowhere' });
  };
  const topology = buildTopology(plan, new NetworkModel(plan), [queues]);
  assert.deepEqual(topology.nodes.map((node) => node.kind), ['queue']);
  assert.deepEqual(topology.edges, []);
  const all = buildTopology(plan, new NetworkModel(plan), [(b) => b.node('services', { id: 'S/Service', kind: 'service', label: 's', detail: {} }), queues]);
  assert.deepEqual(all.edges.map((edge) => edge.id), ['S/Service->S/Queue']);
});
