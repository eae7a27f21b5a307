import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import type { Plan } from '../../src/plan/types.js';
import { FAST_TIMING, forward, listenerPlan, OPEN, planWith, proxyRequest, readBody, silentLogger, startTarget, targetGroupPlan } from './helpers.js';

// Each status here is one row of the ALB's troubleshooting page.
const TROUBLE = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html';

type After = { after: (fn: () => Promise<void> | void) => void };

function plan(attributes: Record<string, string> = {}): Plan {
  return planWith({ targetGroups: [targetGroupPlan('bookTG')], listeners: [listenerPlan({ defaultActions: [forward('bookTG')] })], attributes });
}

function alb(t: After, attributes: Record<string, string> = {}): LoadBalancerRuntime {
  const runtime = new LoadBalancerRuntime(plan(attributes), { timing: FAST_TIMING, network: OPEN, logger: silentLogger() });
  t.after(() => runtime.close());
  return runtime;
}

/** A raw TCP target that does `onData` with whatever the ALB sends. */
async function rawTarget(t: After, onData: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => onData(socket));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

async function send(runtime: LoadBalancerRuntime, port: number) {
  runtime.targetGroup('Stack/bookTG').register({ id: 'task-1', host: '127.0.0.1', port });
  return runtime.listener('Stack/Listener').handle(proxyRequest({ url: '/api/books' }));
}

test(`a target that resets the connection: 502 (${TROUBLE}#http-502-issues)`, async (t) => {
  const port = await rawTarget(t, (socket) => socket.resetAndDestroy());
  const response = await send(alb(t), port);
  assert.equal(response.statusCode, 502);
  assert.equal(response.origin, 'elb');
  assert.match(response.explanation ?? '', /target task-1 \(127\.0\.0\.1:\d+\) of target group bookTG/);
  assert.match(await readBody(response.body), /502 Bad Gateway/);
});

test(`a target that answers garbage: 502 (${TROUBLE}#http-502-issues)`, async (t) => {
  const port = await rawTarget(t, (socket) => socket.end('this is not http\r\n\r\n'));
  const response = await send(alb(t), port);
  assert.equal(response.statusCode, 502);
  assert.match(response.explanation ?? '', /not valid HTTP/);
});

test(`a target that closes with the request outstanding: 502 (${TROUBLE}#http-502-issues)`, async (t) => {
  const port = await rawTarget(t, (socket) => socket.end());
  const response = await send(alb(t), port);
  assert.equal(response.statusCode, 502);
  assert.match(response.explanation ?? '', /closed the connection with the request outstanding/);
});

test(`nothing listening on the target port: 502 (${TROUBLE}#http-502-issues)`, async (t) => {
  const target = await startTarget();
  const port = target.port;
  await target.close();
  const response = await send(alb(t), port);
  assert.equal(response.statusCode, 502);
  assert.match(response.explanation ?? '', /refused the connection \[ECONNREFUSED\]/);
});

test(`a target that accepts but does not answer within idle_timeout: 504 (${TROUBLE}#http-504-issues)`, async (t) => {
  const hung = http.createServer((req) => {
    if (req.url === '/health') return;
  });
  hung.listen(0, '127.0.0.1');
  await new Promise((resolve) => hung.once('listening', resolve));
  t.after(() => {
    hung.closeAllConnections();
    hung.close();
  });
  // AWS allows 1..4000 s; a fraction keeps the test short.
  const runtime = alb(t, { 'idle_timeout.timeout_seconds': '0.3' });
  const started = Date.now();
  const response = await send(runtime, (hung.address() as AddressInfo).port);
  assert.equal(response.statusCode, 504);
  assert.ok(Date.now() - started >= 250, 'waited for the idle timeout');
  assert.match(response.explanation ?? '', /did not answer within the idle timeout \(0\.3 s\)/);
  assert.equal(runtime.metrics('Stack/Alb').HTTPCode_ELB_5XX_Count, 1);
});

test('target errors pass through unchanged (they are the target\'s, not the ALB\'s)', async (t) => {
  const target = await startTarget((_req, res) => res.writeHead(500, { 'x-from': 'app' }).end('app error'));
  t.after(() => target.close());
  const runtime = alb(t);
  const response = await send(runtime, target.port);
  assert.equal(response.statusCode, 500);
  assert.equal(response.origin, 'target');
  assert.equal(response.headers['x-from'], 'app');
  assert.equal(await readBody(response.body), 'app error');
  assert.equal(runtime.metrics('Stack/Alb').HTTPCode_Target_5XX_Count, 1);
});
