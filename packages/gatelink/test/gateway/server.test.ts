/**
 * The HTTP API data plane over real sockets: AWS's own errors (exact status and body, always with
 * apigw-requestid), quotas, stages, the headers sent to the integration, the VPC link's security
 * groups, and the integration timeout. The load balancer behind it is a test double.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { Readable, Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { startGateway } from '../../src/gateway/index.js';
import { NetworkModel } from '../../src/network/index.js';
import type { Plan, SecurityGroupPlan } from '../../src/plan/types.js';
import type { ProxyRequest, ProxyResponse, RequestHandler } from '../../src/proxy/types.js';

const allOut = { ipProtocol: '-1', fromPort: 0, toPort: 65535, cidrIp: '0.0.0.0/0', declaredBy: 'x' };
function group(id: string, ingressFrom?: string): SecurityGroupPlan {
  return { id, physicalId: `sg-${id}`, description: id, ingress: ingressFrom ? [{ ipProtocol: 'tcp', fromPort: 80, toPort: 80, sourceSecurityGroupId: ingressFrom, declaredBy: id }] : [], egress: [allOut] };
}

function plan(options: { linkAllowed?: boolean; timeoutMs?: number; burst?: number } = {}): Plan {
  const route = (routeKey: string) => ({ id: routeKey, routeKey, method: routeKey.split(' ')[0] ?? '', path: routeKey.split(' ')[1], integrationId: 'S/Integration', authorizationType: 'NONE' as const, authorizationScopes: [] });
  return {
    region: 'us-west-2',
    accountId: '000000000000',
    stacks: [],
    httpApis: [
      {
        id: 'S/Api',
        apiId: 'abc123',
        name: 'api',
        routes: [route('ANY /{proxy+}'), route('GET /items/{id}')],
        integrations: [
          { id: 'S/Integration', type: 'HTTP_PROXY', method: 'ANY', connectionType: 'VPC_LINK', vpcLinkId: 'S/Link', target: { kind: 'listener', listenerId: 'S/Listener' }, payloadFormatVersion: '1.0', timeoutMs: options.timeoutMs ?? 30_000, requestParameters: {}, responseParameters: {} },
        ],
        stages: [
          { id: 'S/Default', name: '$default', autoDeploy: true, stageVariables: {}, defaultRouteSettings: options.burst === undefined ? {} : { burstLimit: options.burst, rateLimit: 0 }, routeSettings: {} },
          { id: 'S/Prod', name: 'prod', autoDeploy: true, stageVariables: {}, defaultRouteSettings: {}, routeSettings: {} },
        ],
        authorizers: [],
        disableExecuteApiEndpoint: false,
      },
    ],
    vpcLinks: [{ id: 'S/Link', physicalId: 'link1', name: 'link', subnetIds: [], securityGroupIds: ['S/LinkSg'] }],
    restApis: [],
    restVpcLinks: [],
    apiKeys: [],
    usagePlans: [],
    loadBalancers: [{ id: 'S/Lb', physicalId: 'arn', name: 'my-alb', type: 'application', scheme: 'internal', securityGroupIds: ['S/AlbSg'], subnetIds: [], attributes: {}, listeners: [{ id: 'S/Listener', physicalId: 'arn:l', loadBalancerId: 'S/Lb', port: 80, protocol: 'HTTP', defaultActions: [], rules: [] }] }],
    targetGroups: [],
    securityGroups: [group('S/LinkSg'), group('S/AlbSg', options.linkAllowed === false ? undefined : 'S/LinkSg')],
    subnets: [],
    ecsServices: [],
    cloudMapNamespaces: [],
    cloudMapServices: [],
    tables: [],
    support: [],
  };
}

/** An upstream double that records the request and answers with its path and headers. */
function echo(delayMs = 0): RequestHandler & { seen: ProxyRequest[] } {
  const seen: ProxyRequest[] = [];
  return {
    seen,
    async handle(request: ProxyRequest): Promise<ProxyResponse> {
      seen.push(request);
      if (delayMs > 0) await new Promise((resolve, reject) => { const t = setTimeout(resolve, delayMs); request.signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')); }); });
      let received = 0;
      for await (const chunk of request.body ?? []) received += (chunk as Buffer).length;
      const body = JSON.stringify({ url: request.url, headers: request.headers, received, sourceIp: request.sourceIp });
      return { statusCode: 200, headers: { 'content-type': 'application/json', connection: 'keep-alive', 'x-upstream': '1' }, body: Readable.from([body]), origin: 'target' };
    },
  };
}

async function gateway(t: { after(fn: () => Promise<void>): void }, options: Parameters<typeof plan>[0] = {}, handler: RequestHandler = echo()) {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => { lines.push(chunk.toString()); done(); } }));
  const p = plan(options);
  const gw = await startGateway({ plan: p, host: '127.0.0.1', port: 0, network: new NetworkModel(p), logger, handlers: { listener: () => handler } });
  t.after(() => gw.close());
  return { url: gw.url, lines, gw };
}

test('no matching route: 404 {"message":"Not Found"} with apigw-requestid', async (t) => {
  const { url } = await gateway(t);
  const response = await fetch(`${url}/`);
  assert.equal(response.status, 404);
  assert.equal(await response.text(), '{"message":"Not Found"}');
  assert.match(response.headers.get('apigw-requestid') ?? '', /^[A-Za-z0-9+/]{15}=$/);
  assert.equal(response.headers.get('content-type'), 'application/json');
});

test('apigw-requestid is on every response, and unique', async (t) => {
  const { url } = await gateway(t);
  const ids = new Set<string>();
  for (let i = 0; i < 20; i += 1) {
    const response = await fetch(`${url}/x/${i}`);
    await response.arrayBuffer();
    ids.add(response.headers.get('apigw-requestid') ?? '');
  }
  assert.equal(ids.size, 20);
});

test('integration request: path and query kept, Host is the load balancer, Forwarded and Via added, hop-by-hop removed', async (t) => {
  const handler = echo();
  const { url } = await gateway(t, {}, handler);
  const response = await rawGet(`${url}/api/books?limit=2`, { 'x-custom': 'yes', 'keep-alive': 'timeout=5', connection: 'keep-alive, x-drop', 'x-drop': '1' });
  assert.equal(response.status, 200);
  assert.equal(response.headers['x-upstream'], '1');
  assert.ok(response.headers['apigw-requestid']);
  assert.equal(response.headers['keep-alive'] === 'timeout=5', false, 'the upstream hop-by-hop headers are not passed back');
  const seen = handler.seen[0];
  assert.equal(seen?.url, '/api/books?limit=2');
  assert.equal(seen?.headers.host, 'internal-my-alb.us-west-2.elb.amazonaws.com');
  assert.equal(seen?.headers['x-custom'], 'yes');
  assert.match(String(seen?.headers.forwarded), /for=127\.0\.0\.1;host=127\.0\.0\.1:\d+;proto=http/);
  assert.equal(seen?.headers.via, 'HTTP/1.1 AmazonAPIGateway');
  assert.equal(seen?.headers['keep-alive'], undefined);
  assert.equal(seen?.headers['x-drop'], undefined, 'headers named by Connection are hop-by-hop');
  assert.deepEqual(seen?.sourceSecurityGroupIds, ['S/LinkSg']);
});

test('a named stage is the first path segment, and private integrations receive it in the path', async (t) => {
  const handler = echo();
  const { url } = await gateway(t, {}, handler);
  const response = await fetch(`${url}/prod/items/7`);
  assert.equal(response.status, 200);
  assert.equal(handler.seen[0]?.url, '/prod/items/7');
});

test('bodies over 10 MB: 413 by Content-Length before anything is forwarded', async (t) => {
  const handler = echo();
  const { url } = await gateway(t, {}, handler);
  const response = await fetch(`${url}/upload`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) });
  assert.equal(response.status, 413);
  assert.deepEqual(await response.json(), { message: 'Request Entity Too Large' });
  assert.equal(handler.seen.length, 0);
});

test('bodies over 10 MB without Content-Length (chunked): 413 while streaming', async (t) => {
  const { url } = await gateway(t);
  const chunks = Array.from({ length: 11 }, () => Buffer.alloc(1024 * 1024));
  const response = await fetch(`${url}/upload`, { method: 'POST', body: Readable.toWeb(Readable.from(chunks)) as ReadableStream, duplex: 'half' } as RequestInit);
  assert.equal(response.status, 413);
});

test('a body under the limit streams through whole', async (t) => {
  const { url } = await gateway(t);
  const response = await fetch(`${url}/upload`, { method: 'POST', body: Buffer.alloc(3 * 1024 * 1024, 1) });
  assert.equal(((await response.json()) as { received: number }).received, 3 * 1024 * 1024);
});

test('request line and headers over 10,240 bytes: 431 JSON', async (t) => {
  const { url } = await gateway(t);
  const response = await fetch(`${url}/x`, { headers: { 'x-big': 'a'.repeat(11_000) } });
  assert.equal(response.status, 431);
  assert.deepEqual(await response.json(), { message: 'Request Header Fields Too Large' });
});

test('the VPC link’s security group cannot reach the ALB: 503 Service Unavailable and a log line naming the rule', async (t) => {
  const handler = echo();
  const { url, lines } = await gateway(t, { linkAllowed: false }, handler);
  const response = await fetch(`${url}/api/books`);
  assert.equal(response.status, 503);
  assert.equal(await response.text(), '{"message":"Service Unavailable"}');
  assert.equal(handler.seen.length, 0, 'nothing reached the load balancer');
  assert.ok(lines.some((line) => /no ingress rule admitting S\/LinkSg/.test(line) && /tcp\/80/.test(line)), lines.join('\n'));
});

test('an integration slower than TimeoutInMillis: 503 Service Unavailable, and the upstream request is aborted', async (t) => {
  const handler = echo(5_000);
  const { url } = await gateway(t, { timeoutMs: 100 }, handler);
  const response = await fetch(`${url}/slow`);
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { message: 'Service Unavailable' });
  assert.equal(handler.seen[0]?.signal.aborted, true);
});

test('a hop that fails to deliver maps to 503 JSON', async (t) => {
  const failing: RequestHandler = {
    handle: async () => ({ statusCode: 504, headers: {}, body: null, origin: 'elb', failure: { kind: 'blocked-by-security-group', explanation: 'task group has no ingress rule', fix: 'add it' } }),
  };
  const { url, lines } = await gateway(t, {}, failing);
  const response = await fetch(`${url}/api/books`);
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { message: 'Service Unavailable' });
  assert.ok(lines.some((line) => /no ingress rule/.test(line) && /add it/.test(line)));
});

test('the client going away aborts the integration request', async (t) => {
  const handler = echo(5_000);
  const { url } = await gateway(t, {}, handler);
  const controller = new AbortController();
  const pending = fetch(`${url}/slow`, { signal: controller.signal }).catch(() => undefined);
  while (handler.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  controller.abort();
  await pending;
  const deadline = Date.now() + 2_000;
  while (!handler.seen[0]?.signal.aborted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(handler.seen[0]?.signal.aborted, true);
});

/** A GET with headers fetch() refuses to send (Connection, Keep-Alive). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    request.on('error', reject);
  });
}

test('over the stage’s throttling limits: 429 {"message":"Too Many Requests"} and nothing forwarded', async (t) => {
  const handler = echo();
  const { url } = await gateway(t, { burst: 2 }, handler);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const response = await fetch(`${url}/x`);
    statuses.push(response.status);
    if (response.status === 429) {
      assert.deepEqual(await response.json(), { message: 'Too Many Requests' });
      assert.ok(response.headers.get('apigw-requestid'));
    } else await response.arrayBuffer();
  }
  assert.deepEqual(statuses, [200, 200, 429]);
  assert.equal(handler.seen.length, 2);
});
