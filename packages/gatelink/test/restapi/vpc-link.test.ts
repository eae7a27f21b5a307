/**
 * HTTP_PROXY over a v1 VPC link: the URI's port picks the listener of the link's network load
 * balancer, which is called in process through `handlers.listener(id)` exactly as HTTP APIs do; the
 * URI's host only sets Host. The integration timeout answers 504.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { ProxyRequest, ProxyResponse } from '../../src/proxy/types.js';
import { call, planOf, serve } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});

async function linkedApi() {
  return planOf((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    nlb.addListener('Web', { port: 80 }).addTargets('T', { port: 80 });
    nlb.addListener('Admin', { port: 9000 }).addTargets('A', { port: 9000 });
    const link = new apigw.VpcLink(stack, 'Link', { targets: [nlb] });
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'v1', variables: { linkId: link.vpcLinkId } } });
    const viaLink = (port: number, path: string, extra: Partial<apigw.IntegrationOptions> = {}) =>
      new apigw.Integration({ type: apigw.IntegrationType.HTTP_PROXY, integrationHttpMethod: 'ANY', uri: `http://backend.internal:${port}${path}`, options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: link, ...extra } });
    api.root.addResource('web').addMethod('ANY', viaLink(80, '/web'));
    api.root.addResource('admin').addMethod('GET', viaLink(9000, '/admin'));
    api.root.addResource('slow').addMethod('GET', viaLink(80, '/slow', { timeout: Duration.millis(100) }));
    const staged = api.root.addResource('staged').addMethod('GET', viaLink(80, '/staged'));
    (staged.node.defaultChild as apigw.CfnMethod).addPropertyOverride('Integration.ConnectionId', '${stageVariables.linkId}');
  });
}

test('the integration URI’s port picks the NLB listener; Host is the URI’s host', async () => {
  const plan = await linkedApi();
  const seen: { listenerId: string; request: ProxyRequest }[] = [];
  const gateway = await serve(plan, {
    handlers: {
      listener: (listenerId) => ({
        handle: (request): Promise<ProxyResponse> => {
          seen.push({ listenerId, request });
          if (request.url === '/slow') return new Promise(() => undefined);
          return Promise.resolve({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: null, wholeBody: Buffer.from(`via ${listenerId}`), origin: 'target' });
        },
      }),
    },
  });
  closers.push(gateway.close);
  const nlb = plan.loadBalancers.find((lb) => lb.type === 'network');
  const web = nlb?.listeners.find((l) => l.port === 80)?.id;
  const admin = nlb?.listeners.find((l) => l.port === 9000)?.id;

  const first = await call(`${gateway.url}/v1/web`, { method: 'POST', body: 'x' });
  assert.equal(first.status, 200);
  assert.equal(first.body, `via ${web}`);
  assert.equal(seen[0]?.request.headers.host, 'backend.internal');
  assert.equal(seen[0]?.request.method, 'POST');
  assert.equal((await call(`${gateway.url}/v1/admin`)).body, `via ${admin}`);
  assert.equal((await call(`${gateway.url}/v1/staged`)).body, `via ${web}`, 'a ${stageVariables.x} connection id names the link');

  assert.ok(gateway.routes().some((route) => route.stage === 'v1' && route.routeKey === 'ANY /web' && /^HTTP_PROXY http:\/\/backend\.internal:80\/web via VPC link/.test(route.integration)), 'status lists REST routes');

  const slow = await call(`${gateway.url}/v1/slow`);
  assert.equal(slow.status, 504);
  assert.deepEqual(JSON.parse(slow.body), { message: 'Endpoint request timed out' });
  assert.equal(seen.at(-1)?.request.signal.aborted, true, 'the timed-out hop is cancelled');
});
