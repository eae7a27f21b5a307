/** NLB health checks: the TCP check, the wider matcher, and the NLB defaults the plan applies. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { loadTemplate } from '../../src/assembly/index.js';
import { probe } from '../../src/elb/health/probe.js';
import { parseSuccessCodes } from '../../src/elb/health/matcher.js';
import { isGatelinkError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

test('a TCP check passes when the connection opens, sending nothing', async (t) => {
  let received = 0;
  const server = net.createServer((socket) => socket.on('data', (chunk) => (received += chunk.length)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as net.AddressInfo;
  assert.deepEqual(await probe({ protocol: 'TCP', host: '127.0.0.1', port, path: '/', timeoutMs: 1000 }), { kind: 'status', statusCode: 200 });
  assert.equal(received, 0);
});

test('a TCP check of a closed port fails with the connection error', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const outcome = await probe({ protocol: 'TCP', host: '127.0.0.1', port, path: '/', timeoutMs: 1000 });
  assert.equal(outcome.kind, 'error');
  assert.equal(outcome.kind === 'error' && outcome.code, 'ECONNREFUSED');
});

test('NLB groups accept success codes up to 599; ALB groups only up to 499', () => {
  assert.equal(parseSuccessCodes('200-599', 'nlb', 599)(503), true);
  assert.throws(() => parseSuccessCodes('200-599', 'alb'), (error: unknown) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
});

test('the plan gives NLB groups the NLB defaults (TCP check, 10 s timeout, 5/2 thresholds, 200-399), ALB groups the ALB ones', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-nlb-plan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'Stack.template.json');
  writeFileSync(file, JSON.stringify({ Resources: {
    Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Scheme: 'internal' } },
    Tcp: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Nlb' }, Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TcpGroup' } }] } },
    TcpGroup: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 8080, Protocol: 'TCP', TargetType: 'ip' } },
    HttpChecked: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 8080, Protocol: 'TCP', TargetType: 'ip', HealthCheckProtocol: 'HTTP' } },
    AlbGroup: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 8080, Protocol: 'HTTP', TargetType: 'ip' } },
  } }));
  const plan = buildPlan(await loadTemplate(file));
  const group = (logicalId: string) => plan.targetGroups.find((candidate) => candidate.id.endsWith(`/${logicalId}`))?.healthCheck;
  assert.deepEqual(
    { ...group('TcpGroup') },
    { enabled: true, protocol: 'TCP', port: 'traffic-port', path: '/', intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 5, unhealthyThreshold: 2, matcher: '200-399' },
  );
  assert.equal(group('HttpChecked')?.timeoutSeconds, 6, 'HTTP checks of NLB groups time out after 6 s');
  assert.deepEqual([group('AlbGroup')?.protocol, group('AlbGroup')?.timeoutSeconds, group('AlbGroup')?.matcher], ['HTTP', 5, '200']);
  const nlb = plan.loadBalancers[0];
  assert.equal(nlb?.type, 'network');
  assert.equal(nlb?.listeners[0]?.protocol, 'TCP');
  assert.match(nlb?.physicalId ?? '', /:loadbalancer\/net\//);
  assert.match(nlb?.dnsName ?? '', /^[^.]+-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
});
