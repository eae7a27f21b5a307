/** Node colours from the status stream: services by healthy tasks against desired, target groups by targets, Cloud Map by instances. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeHealth } from '../src/health.js';
import type { Status, TopologyNode } from '../src/types.js';

const node = (live: TopologyNode['live']): TopologyNode => ({ id: 'x', kind: 'service', label: 'x', column: 0, detail: {}, ...(live ? { live } : {}) });
const task = (id: string, health: string, status = 'RUNNING') => ({ id, port: 1, health, status, startedAt: '', revision: 1 });

function status(tasks: ReturnType<typeof task>[], targets: string[], instances: string[]): Status {
  return {
    endpoints: { gateway: '', admin: '' },
    timings: 'local',
    services: [{ name: 'web', desiredCount: 2, runningCount: tasks.length, tasks, stoppedTasks: [], deployments: [] }],
    targetGroups: [{ name: 'tg', targets: targets.map((state, i) => ({ id: String(i), port: 1, state })) }],
    routes: [],
    cloudMap: [{ namespace: 'local', service: 'web', instances: instances.map((health, i) => ({ id: String(i), health })) }],
  };
}

test('a service is ok at its desired count of healthy tasks, warn below it, bad with none; tasks listed with their health', () => {
  const web = node({ kind: 'service', name: 'web' });
  assert.equal(nodeHealth(web, status([task('a', 'healthy'), task('b', 'healthy')], [], [])).health, 'ok');
  const partly = nodeHealth(web, status([task('a', 'healthy'), task('b', 'initial')], [], []));
  assert.deepEqual([partly.health, partly.text], ['warn', '1/2 healthy']);
  assert.equal(nodeHealth(web, status([task('a', 'unhealthy'), task('b', 'draining', 'STOPPING')], [], [])).health, 'bad');
  assert.deepEqual(nodeHealth(web, status([task('a', 'healthy', 'STOPPING')], [], [])).tasks?.map((t) => t.health), ['stopping']);
  assert.equal(nodeHealth(node({ kind: 'service', name: 'gone' }), status([], [], [])).health, 'warn');
});

test('target groups and Cloud Map services; nodes without live state and a page without status are uncoloured', () => {
  const tg = node({ kind: 'targetGroup', name: 'tg' });
  assert.equal(nodeHealth(tg, status([], ['healthy', 'healthy'], [])).health, 'ok');
  assert.equal(nodeHealth(tg, status([], ['healthy', 'initial'], [])).health, 'warn');
  assert.equal(nodeHealth(tg, status([], ['unhealthy', 'unhealthy'], [])).health, 'bad');
  assert.equal(nodeHealth(tg, status([], [], [])).health, 'warn');
  const cloudMap = node({ kind: 'cloudMap', name: 'local/web' });
  assert.deepEqual([nodeHealth(cloudMap, status([], [], ['HEALTHY', 'HEALTHY'])).health, nodeHealth(cloudMap, status([], [], ['UNHEALTHY'])).health], ['ok', 'bad']);
  assert.equal(nodeHealth(node(undefined), status([], [], [])).health, 'none');
  assert.equal(nodeHealth(tg, undefined).health, 'none');
});
