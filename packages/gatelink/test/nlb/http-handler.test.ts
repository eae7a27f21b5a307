/** The NLB listener as a RequestHandler (what VPC-link integrations call), and NLB → ALB with client IP preservation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startListenerSocket } from '../../src/elb/listener-socket.js';
import { forward, listenerPlan, OPEN, planWith, proxyRequest, readBody, silentLogger, startTarget, targetGroupPlan, waitFor } from '../elb/helpers.js';
import { nlbGroup, nlbListener, nlbPlan, startNlb } from './helpers.js';

test('the handler sends the request over a TCP connection through the NLB to a target', async (t) => {
  const target = await startTarget((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${req.method} ${req.url}`));
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(async () => Promise.all([nlb.close(), target.close()]));
  nlb.balancers.targetGroup('Stack/Tcp').register({ id: 'a', host: '127.0.0.1', port: target.port });
  const handler = nlb.nlbs.handler('Stack/NlbListener');
  assert.ok(handler);
  const response = await handler.handle(proxyRequest({ method: 'POST', url: '/orders?x=1' }));
  assert.equal(response.statusCode, 200);
  assert.equal(await readBody(response.body), 'POST /orders?x=1');
  assert.equal(nlb.nlbs.listeners()[0]?.metrics.snapshot().NewFlowCount, 1);
});

test('a connection the NLB resets (no registered target) comes back as a hop failure for the gateway to answer', async (t) => {
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(() => nlb.close());
  const response = await nlb.nlbs.handler('Stack/NlbListener')?.handle(proxyRequest());
  assert.equal(response?.failure?.kind, 'connect-failed');
  assert.match(response?.failure?.explanation ?? '', /network load balancer listener nlb:80/);
});

test('NLB → ALB: the ALB sees the VPC link’s address (client IP preservation on alb targets) in X-Forwarded-For', async (t) => {
  const target = await startTarget((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers)));
  const alb = planWith({ listeners: [listenerPlan({ defaultActions: [forward('Web')] })], targetGroups: [targetGroupPlan('Web')] });
  const albGroup = nlbGroup('AlbGroup', { targetType: 'alb', healthCheck: { ...nlbGroup('x').healthCheck, protocol: 'HTTP', path: '/health' }, targets: [{ id: 'arn:alb', resourceId: 'Stack/Alb', port: 80 }] });
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['AlbGroup']), groups: [albGroup], base: alb }));
  const socket = await startListenerSocket({ listener: nlb.balancers.listener('Stack/Listener'), loadBalancer: alb.loadBalancers[0] as never, network: OPEN, origins: nlb.origins, logger: silentLogger() }, '127.0.0.1', 0, 'test ALB');
  t.after(async () => Promise.all([nlb.close(), target.close(), socket.close()]));
  nlb.balancers.targetGroup('Stack/Web').register({ id: 'web', host: '127.0.0.1', port: target.port });
  nlb.nlbs.registerAlbTargets((listenerId) => (listenerId === 'Stack/Listener' ? socket : undefined));
  const group = nlb.balancers.targetGroup('Stack/AlbGroup');
  await waitFor(() => group.health(alb.loadBalancers[0]?.physicalId ?? '') === 'healthy', 3000, 'the ALB healthy as a target');
  const response = await nlb.nlbs.handler('Stack/NlbListener')?.handle(proxyRequest({ sourceIp: '10.0.3.7' }));
  const seen = JSON.parse(await readBody(response?.body ?? null)) as Record<string, string>;
  assert.equal(seen['x-forwarded-for'], '10.0.3.7');
  assert.equal(seen['x-forwarded-port'], '80');
});
