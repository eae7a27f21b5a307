/**
 * Cloud Map private integrations: healthy instances only, the instance's port from its SRV-style
 * attributes, and the task's security group must admit the VPC link's.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { CloudMapIntegration } from '../../src/cloudmap/integration.js';
import { CloudMapRegistry } from '../../src/cloudmap/registry.js';
import { NetworkModel } from '../../src/network/index.js';
import type { Plan } from '../../src/plan/types.js';
import { PoolRegistry } from '../../src/proxy/pools.js';
import type { ProxyRequest } from '../../src/proxy/types.js';

function plan(admitLink: boolean): Plan {
  const allOut = { ipProtocol: '-1', fromPort: 0, toPort: 65535, cidrIp: '0.0.0.0/0', declaredBy: 'x' };
  return {
    securityGroups: [
      { id: 'S/Link', physicalId: 'sg-link', description: 'link', ingress: [], egress: [allOut] },
      { id: 'S/Task', physicalId: 'sg-task', description: 'task', ingress: admitLink ? [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: 'S/Link', declaredBy: 'S/Task' }] : [], egress: [allOut] },
    ],
    subnets: [],
    vpcLinks: [],
    loadBalancers: [],
    ecsServices: [{ name: 'web', securityGroupIds: ['S/Task'], subnetIds: [], serviceRegistries: [{ cloudMapServiceId: 'S/Svc', containerPort: 8080 }] }],
    cloudMapNamespaces: [{ id: 'S/Ns', physicalId: 'ns', name: 'local', type: 'DNS_PRIVATE' }],
    cloudMapServices: [{ id: 'S/Svc', physicalId: 'srv', arn: 'arn', name: 'web', namespaceId: 'S/Ns', dnsRecordTypes: ['SRV'], customHealthCheck: true }],
  } as unknown as Plan;
}

async function setup(t: { after(fn: () => Promise<void> | void): void }, admitLink = true) {
  const server = http.createServer((req, res) => res.end(`hello from ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const p = plan(admitLink);
  const registry = new CloudMapRegistry(p);
  const pools = new PoolRegistry();
  const integration = new CloudMapIntegration('S/Svc', {}, { plan: p, registry, network: new NetworkModel(p), pools });
  t.after(async () => {
    await integration.close();
    await pools.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { registry, integration, port: (server.address() as AddressInfo).port };
}

const request = (): ProxyRequest => ({ method: 'GET', url: '/items/1', headers: {}, body: null, sourceIp: '10.0.0.5', sourcePort: 1234, sourceSecurityGroupIds: ['S/Link'], signal: new AbortController().signal, requestId: 'r' });

test('a healthy instance gets the request, at its registered address and port', async (t) => {
  const { registry, integration, port } = await setup(t);
  registry.register('S/Svc', 'task-1', { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port), ECS_SERVICE_NAME: 'web' });
  registry.setHealth('S/Svc', 'task-1', true);
  const response = await integration.handle(request());
  assert.equal(response.statusCode, 200);
  assert.equal(response.failure, undefined);
  let text = '';
  for await (const chunk of response.body ?? []) text += String(chunk);
  assert.equal(text, 'hello from /items/1');
});

test('unhealthy instances are never chosen; none healthy means the integration cannot deliver', async (t) => {
  const { registry, integration, port } = await setup(t);
  registry.register('S/Svc', 'task-1', { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port), ECS_SERVICE_NAME: 'web' });
  registry.setHealth('S/Svc', 'task-1', false);
  const response = await integration.handle(request());
  assert.equal(response.failure?.kind, 'connect-failed');
  assert.match(response.failure?.explanation ?? '', /no healthy instance/);
});

test('the task’s security group must admit the VPC link on the container port', async (t) => {
  const { registry, integration, port } = await setup(t, false);
  registry.register('S/Svc', 'task-1', { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port), ECS_SERVICE_NAME: 'web' });
  registry.setHealth('S/Svc', 'task-1', true);
  const response = await integration.handle(request());
  assert.equal(response.failure?.kind, 'blocked-by-security-group');
  assert.match(response.failure?.kind === 'blocked-by-security-group' ? response.failure.explanation : '', /no ingress rule admitting S\/Link .* on tcp\/8080/);
});
