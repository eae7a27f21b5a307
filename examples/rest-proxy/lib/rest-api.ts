/**
 * The REST API of seed 003: GET /blog, /blog/{proxy+}, /webpage and /webpage/{proxy+}, each an
 * HTTP proxy integration to the load balancer in front of the services.
 * - `alb`: over the internet to the ALB's DNS name (`http://<Fn::GetAtt Alb.DNSName>/blog/{proxy}`),
 *   as the seed's console steps do; the ALB's rules pick the service by path.
 * - `nlb`: over a VPC link to the internal NLB; the URI's port picks the NLB listener, so the blog's
 *   URIs name port 8080 and the webpage's 5000.
 * Read-only (GET), throttled per stage, with an access log.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RestProxyConfig } from './config.js';
import type { ServiceName } from './services.js';

/** Where the integrations go: the ALB's origin, or the NLB's with a VPC link. */
export type ProxyTarget =
  | { readonly kind: 'alb'; readonly alb: elbv2.IApplicationLoadBalancer; readonly port: number }
  | { readonly kind: 'nlb'; readonly nlb: elbv2.INetworkLoadBalancer; readonly ports: Readonly<Record<ServiceName, number>> };

export interface RestProxyApiProps {
  readonly target: ProxyTarget;
  readonly config: RestProxyConfig;
}

export class RestProxyApi extends Construct {
  readonly api: apigw.RestApi;
  readonly vpcLink?: apigw.VpcLink;

  constructor(scope: Construct, id: string, props: RestProxyApiProps) {
    super(scope, id);
    const { config, target } = props;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new apigw.RestApi(this, 'Api', {
      description: `Seed 003: /blog and /webpage as HTTP proxies to the ${target.kind === 'alb' ? 'internet-facing ALB' : 'internal NLB (VPC link)'}`,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: config.throttle.rateLimit,
        throttlingBurstLimit: config.throttle.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    if (target.kind === 'nlb') this.vpcLink = new apigw.VpcLink(this, 'VpcLink', { targets: [target.nlb], description: 'REST API to the internal NLB in front of the blog and webpage services' });
    const validator = this.api.addRequestValidator('RequestValidator', { validateRequestParameters: true, validateRequestBody: true });
    for (const name of ['blog', 'webpage'] as const) {
      const resource = this.api.root.addResource(name);
      resource.addMethod('GET', this.integration(target, name, `/${name}`), { requestValidator: validator });
      resource.addResource('{proxy+}').addMethod('GET', this.integration(target, name, `/${name}/{proxy}`, true), {
        requestParameters: { 'method.request.path.proxy': true },
        requestValidator: validator,
      });
    }
  }

  private integration(target: ProxyTarget, name: ServiceName, path: string, proxyParameter = false): apigw.Integration {
    const requestParameters = proxyParameter ? { 'integration.request.path.proxy': 'method.request.path.proxy' } : undefined;
    if (target.kind === 'alb') {
      const origin = `http://${target.alb.loadBalancerDnsName}${target.port === 80 ? '' : `:${target.port}`}`;
      return new apigw.HttpIntegration(`${origin}${path}`, { httpMethod: 'GET', proxy: true, options: { ...(requestParameters ? { requestParameters } : {}) } });
    }
    return new apigw.Integration({
      type: apigw.IntegrationType.HTTP_PROXY,
      integrationHttpMethod: 'GET',
      uri: `http://${target.nlb.loadBalancerDnsName}:${target.ports[name]}${path}`,
      options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: this.vpcLink, ...(requestParameters ? { requestParameters } : {}) },
    });
  }
}
