/**
 * HTTP_PROXY integrations whose URI is a load balancer's DNS name (`Fn::GetAtt [Lb, DNSName]`, here
 * inside `Fn::Join` with a path): the REST API calls that load balancer's local listener over the
 * public hop, with the URL's path and Host; an internal load balancer, or security groups that do
 * not admit the internet, fail the call as an unreachable backend does.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import pino from 'pino';
import type { IntegrationHandlers } from '../../src/gateway/integration.js';
import type { Plan } from '../../src/plan/types.js';
import type { ProxyRequest, ProxyResponse } from '../../src/proxy/types.js';
import { call, planOf, serve } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});

async function albApi(): Promise<Plan> {
  return planOf((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
    const lb = (id: string, internetFacing: boolean, open: boolean) => {
      const securityGroup = new ec2.SecurityGroup(stack, `${id}Sg`, { vpc, allowAllOutbound: false });
      securityGroup.addIngressRule(open ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(80));
      const alb = new elbv2.ApplicationLoadBalancer(stack, id, { vpc, internetFacing, securityGroup });
      alb.addListener(`${id}Http`, { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
      return alb;
    };
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'prod' } });
    const to = (alb: elbv2.ApplicationLoadBalancer, path: string) =>
      new apigw.HttpIntegration(`http://${alb.loadBalancerDnsName}${path}`, { httpMethod: 'ANY', proxy: true, options: { requestParameters: path.includes('{proxy}') ? { 'integration.request.path.proxy': 'method.request.path.proxy' } : {} } });
    const publicAlb = lb('Public', true, true);
    const blog = api.root.addResource('blog');
    blog.addMethod('ANY', to(publicAlb, '/blog'));
    blog.addResource('{proxy+}').addMethod('ANY', to(publicAlb, '/blog/{proxy}'), { requestParameters: { 'method.request.path.proxy': true } });
    api.root.addResource('internal').addMethod('GET', to(lb('Private', false, true), '/internal'));
    api.root.addResource('closed').addMethod('GET', to(lb('Closed', true, false), '/closed'));
  });
}

function handlersFor(plan: Plan, seen: { listenerId: string; request: ProxyRequest }[]): IntegrationHandlers {
  const listener = (listenerId: string) => ({
    handle: (request: ProxyRequest): Promise<ProxyResponse> => {
      seen.push({ listenerId, request });
      return Promise.resolve({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: null, wholeBody: Buffer.from(`${request.method} ${request.url}`), origin: 'target' });
    },
  });
  return {
    listener,
    loadBalancerAt: (host, port) => {
      const loadBalancer = plan.loadBalancers.find((lb) => lb.dnsName?.toLowerCase() === host.toLowerCase());
      const found = loadBalancer?.listeners.find((candidate) => candidate.port === port);
      return loadBalancer && found ? { loadBalancer, listener: found, handler: listener(found.id) } : undefined;
    },
  };
}

test('a URI naming an internet-facing ALB by DNS name reaches its local listener with the URI’s path and Host', async () => {
  const plan = await albApi();
  const seen: { listenerId: string; request: ProxyRequest }[] = [];
  const gateway = await serve(plan, { handlers: handlersFor(plan, seen) });
  closers.push(gateway.close);
  const alb = plan.loadBalancers.find((lb) => lb.name.includes('Public') || lb.id.includes('Public'));
  assert.ok(alb?.dnsName, 'the public ALB has a DNS name');

  const root = await call(`${gateway.url}/prod/blog?page=2`);
  assert.equal(root.status, 200, root.body);
  assert.equal(root.body, 'GET /blog?page=2');
  assert.equal(seen[0]?.listenerId, alb.listeners[0]?.id);
  assert.equal(seen[0]?.request.headers.host, alb.dnsName.toLowerCase(), "Host is the DNS name (DNS names are case-insensitive)");
  assert.equal(seen[0]?.request.sourceIp, '203.0.113.10', 'the ALB sees API Gateway’s internet address');

  const nested = await call(`${gateway.url}/prod/blog/posts/7`, { method: 'POST', body: 'x' });
  assert.equal(nested.body, 'POST /blog/posts/7');
});

test('an internal ALB’s DNS name, or security groups that do not admit the internet, fail the call with the reason logged', async () => {
  const plan = await albApi();
  const seen: { listenerId: string; request: ProxyRequest }[] = [];
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const gateway = await serve(plan, { handlers: handlersFor(plan, seen), logger });
  closers.push(gateway.close);

  const internal = await call(`${gateway.url}/prod/internal`);
  assert.equal(internal.status, 504);
  assert.deepEqual(JSON.parse(internal.body), { message: 'Internal server error' });
  const closed = await call(`${gateway.url}/prod/closed`);
  assert.equal(closed.status, 504);
  assert.equal(seen.length, 0, 'neither listener was called');
  const log = lines.join('');
  assert.match(log, /internal load balancer .*use ConnectionType VPC_LINK/);
  assert.match(log, /blocked by a security group: .*Fix: /);
});
