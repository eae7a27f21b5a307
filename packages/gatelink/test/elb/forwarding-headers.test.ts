import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { LoadBalancerRuntime } from '../../src/elb/index.js';
import { FAST_TIMING, forward, listenerPlan, OPEN, planWith, proxyRequest, readBody, silentLogger, startTarget, targetGroupPlan } from './helpers.js';

const XFF = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html';
const TRACE = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-request-tracing.html';

async function echoThroughAlb(t: { after: (fn: () => Promise<void> | void) => void }, request: Parameters<typeof proxyRequest>[0], listenerPort = 80) {
  const target = await startTarget((req, res) => res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-trace-id': 'from-target' }).end(JSON.stringify({ url: req.url, headers: req.headers })));
  t.after(() => target.close());
  const plan = planWith({ targetGroups: [targetGroupPlan('bookTG')], listeners: [listenerPlan({ port: listenerPort, defaultActions: [forward('bookTG')] })] });
  const runtime = new LoadBalancerRuntime(plan, { timing: FAST_TIMING, network: OPEN, logger: silentLogger() });
  t.after(() => runtime.close());
  runtime.targetGroup('Stack/bookTG').register({ id: 't0', host: '127.0.0.1', port: target.port });
  const response = await runtime.listener('Stack/Listener').handle(proxyRequest(request));
  const seen = JSON.parse(await readBody(response.body)) as { url: string; headers: IncomingHttpHeaders };
  return { response, seen };
}

test(`the target sees X-Forwarded-For/Proto/Port and a trace id; the path and query are unchanged (${XFF})`, async (t) => {
  const { seen } = await echoThroughAlb(t, { url: '/api/books?limit=2', headers: { host: 'internal-alb.example.com:80', 'x-forwarded-for': '203.0.113.7' }, sourceIp: '10.0.1.5' });
  assert.equal(seen.url, '/api/books?limit=2');
  assert.equal(seen.headers['x-forwarded-for'], '203.0.113.7, 10.0.1.5');
  assert.equal(seen.headers['x-forwarded-proto'], 'http');
  assert.equal(seen.headers['x-forwarded-port'], '80');
  assert.equal(seen.headers.host, 'internal-alb.example.com', 'listener port 80: Host loses its port');
  assert.match(String(seen.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/, TRACE);
});

test(`an incoming Root gets a Self field; the response trace header is left alone (${TRACE})`, async (t) => {
  const root = 'Root=1-67891233-abcdef012345678912345678';
  const { response, seen } = await echoThroughAlb(t, { headers: { host: 'a.example.com', 'x-amzn-trace-id': root } });
  assert.match(String(seen.headers['x-amzn-trace-id']), new RegExp(`^Self=1-[0-9a-f]{8}-[0-9a-f]{24};${root}$`));
  assert.equal(response.headers['x-amzn-trace-id'], 'from-target');
});

test('hop-by-hop headers are stripped both ways (RFC 9110 §7.6.1)', async (t) => {
  const { response, seen } = await echoThroughAlb(t, { headers: { host: 'a.example.com', connection: 'x-hop', 'x-hop': 'secret', 'proxy-authorization': 'Basic x', te: 'trailers', 'x-end': 'kept' } });
  assert.equal(seen.headers['x-hop'], undefined);
  assert.equal(seen.headers['proxy-authorization'], undefined);
  assert.equal(seen.headers.te, undefined);
  assert.equal(seen.headers['x-end'], 'kept');
  assert.equal(response.headers.connection, undefined);
  assert.equal(response.headers['keep-alive'], undefined);
  assert.equal(response.headers['content-type'], 'application/json');
});

test('on a non-default listener port, Host gains the listener port', async (t) => {
  const { seen } = await echoThroughAlb(t, { headers: { host: 'a.example.com' } }, 8080);
  assert.equal(seen.headers.host, 'a.example.com:8080');
  assert.equal(seen.headers['x-forwarded-port'], '8080');
});
