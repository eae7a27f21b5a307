/**
 * NLB → ALB in one process: the NLB hands the client's socket to the ALB listener's HTTP server rather
 * than dialling a second loopback connection, and keeps what the hop means — requests answered,
 * keep-alive on the one connection, flows counted, the target's security groups still judged, the
 * client's address preserved (an `alb` target group preserves client IPs).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { TestContext } from 'node:test';
import { test } from 'node:test';
import { startListenerSocket } from '../../src/elb/listener-socket.js';
import type { ListenerSocket } from '../../src/elb/listener-socket.js';
import type { NetworkCheck } from '../../src/elb/network-check.js';
import { forward, listenerPlan, OPEN, planWith, proxyRequest, readBody, silentLogger, startTarget, targetGroupPlan, waitFor } from '../elb/helpers.js';
import { exchange, nlbGroup, nlbListener, nlbPlan, startNlb } from './helpers.js';
import type { RunningNlb } from './helpers.js';

const ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/alb/1';

interface Chain {
  readonly nlb: RunningNlb;
  readonly alb: ListenerSocket;
  /** Connections the NLB dialled itself (none when it hands connections over). */
  readonly dialled: () => number;
}

/** NLB listener → `alb` group → ALB listener socket → one HTTP target answering with what it saw. */
async function startChain(t: TestContext, network: NetworkCheck = OPEN): Promise<Chain> {
  const target = await startTarget((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, headers: req.headers })));
  const albPlan = planWith({ listeners: [listenerPlan({ defaultActions: [forward('Web')] })], targetGroups: [targetGroupPlan('Web')] });
  const albGroup = nlbGroup('AlbGroup', { targetType: 'alb', targets: [{ id: ALB_ARN, resourceId: 'Stack/Alb', port: 80 }] });
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['AlbGroup']), groups: [albGroup], base: albPlan }), { network });
  const alb = await startListenerSocket({ listener: nlb.balancers.listener('Stack/Listener'), loadBalancer: albPlan.loadBalancers[0] as never, network: OPEN, origins: nlb.origins, logger: silentLogger() }, '127.0.0.1', 0, 'test ALB');
  t.after(async () => Promise.all([nlb.close(), target.close(), alb.close()]));
  let dialled = 0;
  const connect = nlb.origins.connect.bind(nlb.origins);
  nlb.origins.connect = (host, port, origin, options) => {
    if (port === alb.port) dialled += 1;
    return connect(host, port, origin, options);
  };
  nlb.balancers.targetGroup('Stack/Web').register({ id: 'web', host: '127.0.0.1', port: target.port });
  nlb.nlbs.registerAlbTargets((listenerId) => (listenerId === 'Stack/Listener' ? alb : undefined));
  return { nlb, alb, dialled: () => dialled };
}

const flows = (chain: Chain) => chain.nlb.nlbs.listeners()[0]?.metrics.snapshot() ?? {};

test('a request to the NLB’s port is answered by the ALB on the client’s own connection, none dialled', async (t) => {
  const chain = await startChain(t);
  const response = await fetch(`http://127.0.0.1:${chain.nlb.port}/orders/7?x=1`);
  assert.equal(response.status, 200);
  const seen = (await response.json()) as { url: string; headers: Record<string, string> };
  assert.equal(seen.url, '/orders/7?x=1');
  assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1', 'client IP preserved: the ALB sees the client, not the NLB');
  assert.equal(seen.headers['x-forwarded-port'], '80');
  assert.equal(chain.dialled(), 0, 'the NLB opened no second connection to the ALB');
  assert.equal(flows(chain).NewFlowCount, 1);
});

test('the ALB sees the VPC link’s address and security groups as the source of a handed-over connection', async (t) => {
  const chain = await startChain(t);
  const response = await chain.nlb.nlbs.handler('Stack/NlbListener')?.handle(proxyRequest({ sourceIp: '10.0.3.7', url: '/a' }));
  assert.equal(response?.statusCode, 200);
  const seen = JSON.parse(await readBody(response?.body ?? null)) as { headers: Record<string, string> };
  assert.equal(seen.headers['x-forwarded-for'], '10.0.3.7');
  assert.equal(chain.dialled(), 0);
});

test('keep-alive: several requests on one client connection are one flow, closed when the client closes', async (t) => {
  const chain = await startChain(t);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const get = (path: string) =>
    new Promise<{ status: number; body: string; port: number }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: chain.nlb.port, path, agent }, (res) => {
        const port = res.socket.localPort ?? 0;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, port }));
      }).on('error', reject);
    });
  const answers = [await get('/1'), await get('/2'), await get('/3')];
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200]);
  assert.deepEqual(answers.map((answer) => (JSON.parse(answer.body) as { url: string }).url), ['/1', '/2', '/3']);
  assert.equal(new Set(answers.map((answer) => answer.port)).size, 1, 'one client connection carried all three');
  assert.deepEqual(flows(chain), { NewFlowCount: 1, ActiveFlowCount: 1, TCP_ELB_Reset_Count: 0 });
  assert.ok(chain.alb.openConnections() >= 1, 'the ALB counts the handed-over connection as its own (its health checks come on connections of their own)');
  agent.destroy();
  await waitFor(() => flows(chain).ActiveFlowCount === 0, 3000, 'the flow closed');
});

test('security groups that keep the NLB from the ALB still reset the connection; nothing reaches the ALB', async (t) => {
  const denied: NetworkCheck = {
    canConnect: (_from, to) => (to.securityGroupIds.includes('Stack/AlbSg') ? { allowed: false, explanation: 'Stack/AlbSg admits nothing from the NLB on tcp/80', fix: 'add an ingress rule on Stack/AlbSg for the NLB' } : { allowed: true }),
  };
  const chain = await startChain(t, denied);
  const outcome = await exchange(chain.nlb.port, 'GET / HTTP/1.1\r\nhost: x\r\n\r\n', 1);
  assert.equal(outcome.ended, 'reset');
  assert.equal(outcome.reply.length, 0);
  assert.equal(flows(chain).TCP_ELB_Reset_Count, 1);
  assert.equal(flows(chain).NewFlowCount, 0);
  assert.equal(chain.alb.openConnections(), 0);
});

test('a handed-over connection is reset with its target when the ALB turns unhealthy (connection termination)', async (t) => {
  const chain = await startChain(t);
  const group = chain.nlb.balancers.targetGroup('Stack/AlbGroup');
  await waitFor(() => group.health(ALB_ARN) === 'healthy', 3000, 'the ALB healthy as the NLB group’s target');
  const client = net.connect({ host: '127.0.0.1', port: chain.nlb.port });
  t.after(() => client.destroy());
  const ended = new Promise<string>((resolve) => {
    client.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    client.once('close', () => resolve('closed'));
  });
  const answered = new Promise<string>((resolve) => client.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
  client.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
  assert.match(await answered, /^HTTP\/1\.1 200 /);
  await waitFor(() => flows(chain).ActiveFlowCount === 1, 3000, 'the connection open');
  // What the health checker announces when the ALB fails its checks.
  group.emit('state', { targetGroupId: 'Stack/AlbGroup', targetId: ALB_ARN, from: 'healthy', to: 'unhealthy', reason: 'Target.FailedHealthChecks' });
  assert.equal(await ended, 'ECONNRESET');
  await waitFor(() => flows(chain).ActiveFlowCount === 0, 3000, 'the flow released');
});

test('an ALB listener that has closed: the handed-over connection is reset and counted as a reset', async (t) => {
  const chain = await startChain(t);
  await chain.alb.close();
  const outcome = await exchange(chain.nlb.port, 'GET / HTTP/1.1\r\nhost: x\r\n\r\n', 1);
  assert.equal(outcome.ended, 'reset');
  assert.equal(flows(chain).TCP_ELB_Reset_Count, 1);
  await waitFor(() => flows(chain).ActiveFlowCount === 0, 3000, 'the flow released');
});

test('the ALB’s strict parser still guards a handed-over connection: Content-Length with Transfer-Encoding → 400, closed (RFC 9112 §6.1)', async (t) => {
  const chain = await startChain(t);
  const smuggled = 'POST /a HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\nGET /b HTTP/1.1\r\nhost: x\r\n\r\n';
  const outcome = await exchange(chain.nlb.port, smuggled, 1_000_000);
  assert.match(outcome.reply.toString('latin1'), /^HTTP\/1\.1 400 /);
  assert.doesNotMatch(outcome.reply.toString('latin1'), /"url":"\/b"/, 'the smuggled request never reached the target');
  assert.equal(outcome.ended, 'closed');
  await waitFor(() => flows(chain).ActiveFlowCount === 0, 3000, 'the flow released');
});
