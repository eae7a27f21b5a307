import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';

// DiscoverInstances semantics: https://docs.aws.amazon.com/cloud-map/latest/api/API_DiscoverInstances.html
function registry(customHealthCheck = true): CloudMapRegistry {
  return new CloudMapRegistry({
    cloudMapNamespaces: [{ id: 'S/NS', physicalId: 'ns-1', name: 'http-api.local', type: 'DNS_PRIVATE' }],
    cloudMapServices: [{ id: 'S/Svc', physicalId: 'srv-1', arn: 'arn:svc', name: 'bookService', namespaceId: 'S/NS', dnsRecordTypes: ['SRV'], customHealthCheck }],
  });
}

test('HEALTHY returns healthy (and not-yet-reported) instances only', () => {
  const r = registry();
  r.register('S/Svc', 'a', { AWS_INSTANCE_PORT: '1' });
  r.register('S/Svc', 'b', { AWS_INSTANCE_PORT: '2' });
  r.register('S/Svc', 'c', { AWS_INSTANCE_PORT: '3' });
  r.setHealth('S/Svc', 'a', true);
  r.setHealth('S/Svc', 'b', false);
  const ids = r.discover('S/Svc', { healthStatus: 'HEALTHY' }).map((i) => i.instanceId).sort();
  assert.deepEqual(ids, ['a', 'c']);
  assert.deepEqual(r.discover('S/Svc', { healthStatus: 'UNHEALTHY' }).map((i) => i.instanceId), ['b']);
  assert.equal(r.discover('S/Svc', { healthStatus: 'ALL' }).length, 3);
});

test('HEALTHY_OR_ELSE_ALL fails open when nothing is healthy', () => {
  const r = registry();
  r.register('S/Svc', 'a', {});
  r.setHealth('S/Svc', 'a', false);
  assert.equal(r.discover('S/Svc', { healthStatus: 'HEALTHY' }).length, 0);
  assert.equal(r.discover('S/Svc', { healthStatus: 'HEALTHY_OR_ELSE_ALL' }).length, 1);
});

test('the health filter is ignored for a service without a health check', () => {
  const r = registry(false);
  r.register('S/Svc', 'a', {});
  r.setHealth('S/Svc', 'a', false);
  assert.equal(r.discover('S/Svc', { healthStatus: 'HEALTHY' }).length, 1);
});

test('query parameters must all match; re-registering updates in place; deregister removes', () => {
  const r = registry();
  r.register('S/Svc', 'a', { stage: 'prod', color: 'green' });
  r.register('S/Svc', 'b', { stage: 'prod', color: 'blue' });
  assert.deepEqual(r.discover('S/Svc', { queryParameters: { stage: 'prod', color: 'blue' } }).map((i) => i.instanceId), ['b']);
  r.register('S/Svc', 'b', { stage: 'dev' });
  assert.equal(r.discover('S/Svc', { queryParameters: { stage: 'prod' } }).length, 1);
  r.deregister('S/Svc', 'a');
  assert.equal(r.discover('S/Svc', { queryParameters: { stage: 'prod' } }).length, 0);
});

test('results come back in random order', () => {
  const r = registry();
  for (const id of ['a', 'b', 'c', 'd', 'e']) r.register('S/Svc', id, {});
  const orders = new Set<string>();
  for (let i = 0; i < 50; i += 1) orders.add(r.discover('S/Svc').map((x) => x.instanceId).join(''));
  assert.ok(orders.size > 1, 'more than one order seen in 50 calls');
});
