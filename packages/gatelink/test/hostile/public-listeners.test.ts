/**
 * Hostile input on the public listeners (an internet-facing ALB's or NLB's host port): smuggling
 * shapes, oversized and malformed heads, clients that vanish, clients the security groups do not
 * admit. Each gets a clean answer or a reset, never a crash, and nothing is left open.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import { startListenerSocket } from '../../src/elb/listener-socket.js';
import type { NetworkCheck } from '../../src/elb/network-check.js';
import { ConnectionOrigins } from '../../src/network/origins.js';
import { FAST_TIMING, forward, listenerPlan, OPEN, planWith, silentLogger, targetGroupPlan, waitFor } from '../elb/helpers.js';
import { nlbGroup, nlbListener, nlbPlan, startNlb, startTcpTarget } from '../nlb/helpers.js';

interface PublicAlb {
  readonly port: number;
  readonly targetRequests: string[];
  readonly openConnections: () => number;
}

async function publicAlb(t: { after(fn: () => Promise<unknown>): void }, network: NetworkCheck = OPEN): Promise<PublicAlb> {
  const targetRequests: string[] = [];
  const target = http.createServer((req, res) => {
    targetRequests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const plan = planWith({ listeners: [listenerPlan({ defaultActions: [forward('Web')] })], targetGroups: [targetGroupPlan('Web', { healthCheck: { ...targetGroupPlan('x').healthCheck, enabled: false } })] });
  const balancers = new LoadBalancerRuntime(plan, { timing: FAST_TIMING, network: OPEN, logger: silentLogger() });
  balancers.targetGroup('Stack/Web').register({ id: 'web', host: '127.0.0.1', port: (target.address() as net.AddressInfo).port });
  const socket = await startListenerSocket({ listener: balancers.listener('Stack/Listener'), loadBalancer: { ...plan.loadBalancers[0], scheme: 'internet-facing' } as never, network, origins: new ConnectionOrigins(), logger: silentLogger() }, '127.0.0.1', 0, 'public ALB');
  t.after(async () => {
    await socket.close();
    await balancers.close();
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });
  return { port: socket.port, targetRequests, openConnections: () => socket.openConnections() };
}

/** Writes `bytes` on a raw socket and returns what came back before the server closed (or 2 s passed). */
function raw(port: number, bytes: string | Buffer, endAfterWrite = false): Promise<{ text: string; ended: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const timer = setTimeout(() => finish('timeout'), 2000);
    const finish = (ended: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, ended });
    };
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? 'error'));
    socket.write(bytes);
    if (endAfterWrite) socket.end();
  });
}

test('public ALB: Content-Length with Transfer-Encoding (CL.TE smuggling) is refused with 400 and the connection closed', async (t) => {
  const alb = await publicAlb(t);
  const { text, ended } = await raw(alb.port, 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.equal(ended, 'closed');
  assert.equal(alb.targetRequests.includes('GET /smuggled'), false);
});

test('public ALB: a Transfer-Encoding that does not end in chunked answers 400, never reaching the target', async (t) => {
  const alb = await publicAlb(t);
  const { text } = await raw(alb.port, 'POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
  // Refused by node's parser or, where it lets it through, by the listener's own framing screen.
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.deepEqual(alb.targetRequests, []);
});

test('public ALB: a head over 64 KB and garbage answer the ALB’s 400 page (AWS says 400 for both) and close; the listener keeps serving', async (t) => {
  const alb = await publicAlb(t);
  const big = await raw(alb.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`);
  assert.match(big.text, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(big.text, /\r\nServer: awselb\/2\.0\r\n/);
  assert.match(big.text, /<html>[\s\S]*400 Bad Request/);
  assert.equal(big.ended, 'closed');
  assert.match((await raw(alb.port, '\u0000\u0001 NOT HTTP \r\n\r\n')).text, /^HTTP\/1\.1 400 Bad Request\r\nServer: awselb\/2\.0/);
  const ok = await fetch(`http://127.0.0.1:${alb.port}/still`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'ok');
});

test('public ALB: a client that vanishes mid-body leaves nothing open', async (t) => {
  const alb = await publicAlb(t);
  await raw(alb.port, 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npartial', true);
  await waitFor(() => alb.openConnections() === 0, 3000, 'no client connection left');
  assert.equal((await fetch(`http://127.0.0.1:${alb.port}/after`)).status, 200);
});

test('public ALB: a client its security groups do not admit is reset, never served', async (t) => {
  const deny: NetworkCheck = { canConnect: () => ({ allowed: false, explanation: 'sg-alb admits no 0.0.0.0/0 on tcp/80', fix: 'alb.connections.allowFromAnyIpv4(ec2.Port.tcp(80))' }) };
  const alb = await publicAlb(t, deny);
  const { text, ended } = await raw(alb.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(text, '');
  assert.equal(ended, 'ECONNRESET');
  assert.deepEqual(alb.targetRequests, []);
});

test('public NLB: a client that resets mid-stream closes the flow to the target and leaves no flow open', async (t) => {
  const target = await startTcpTarget('t');
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(async () => Promise.all([nlb.close(), target.close()]));
  nlb.balancers.targetGroup('Stack/Tcp').register({ id: 't', host: '127.0.0.1', port: target.port });
  const socket = net.connect({ host: '127.0.0.1', port: nlb.port });
  socket.write('half a message');
  await new Promise((resolve) => socket.once('data', resolve));
  socket.resetAndDestroy();
  await waitFor(() => target.connections.every((connection) => connection.destroyed || connection.readableEnded), 3000, 'the target side closed');
  await waitFor(() => nlb.nlbs.listeners()[0]?.openConnections() === 0, 3000, 'no flow left');
  assert.equal(nlb.nlbs.listeners()[0]?.metrics.snapshot().ActiveFlowCount, 0);
});
