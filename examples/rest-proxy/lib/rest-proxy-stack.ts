/**
 * RestProxyStack: seed 003's system in one stack. A VPC (2 public, 2 private subnets; the
 * bookstore's network with one NAT instance for image pulls and logs), one cluster with the blog
 * (Python, port 8080) and webpage (TypeScript, port 5000) services in private subnets, and in front
 * of them either the internet-facing ALB (default) or, with `-c variant=nlb`, an internal NLB behind
 * a VPC link — and the REST API that proxies /blog and /webpage to it.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';
import { Network } from '../../../infra/lib/network.js';
import { AlbFront } from './alb-front.js';
import type { RestProxyConfig } from './config.js';
import { suppressRestProxyFindings } from './nag-suppressions.js';
import { NlbFront } from './nlb-front.js';
import { RestProxyApi } from './rest-api.js';
import { ProxiedService } from './services.js';

export interface RestProxyStackProps extends StackProps {
  readonly config: RestProxyConfig;
}

export class RestProxyStack extends Stack {
  readonly network: Network;
  readonly blog: ProxiedService;
  readonly webpage: ProxiedService;
  readonly front: AlbFront | NlbFront;
  readonly restApi: RestProxyApi;

  constructor(scope: Construct, id: string, props: RestProxyStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.network = new Network(this, 'Network', { natGatewayPerAz: false });
    const vpc = this.network.vpc;
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    this.blog = new ProxiedService(this, 'Blog', { cluster, name: 'blog', config: config.blog });
    this.webpage = new ProxiedService(this, 'Webpage', { cluster, name: 'webpage', config: config.webpage });

    if (config.variant === 'alb') {
      const front = new AlbFront(this, 'AlbFront', { vpc, port: config.albPort, blog: this.blog, webpage: this.webpage });
      this.front = front;
      this.restApi = new RestProxyApi(this, 'RestApi', { config, target: { kind: 'alb', alb: front.alb, port: config.albPort } });
      new CfnOutput(this, 'AlbUrl', { value: `http://${front.alb.loadBalancerDnsName}`, description: 'the public ALB: curl ${URL}/blog' });
    } else {
      const front = new NlbFront(this, 'NlbFront', { vpc, blog: this.blog, webpage: this.webpage });
      this.front = front;
      this.restApi = new RestProxyApi(this, 'RestApi', { config, target: { kind: 'nlb', nlb: front.nlb, ports: { blog: config.blog.containerPort, webpage: config.webpage.containerPort } } });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url, description: 'curl ${URL}blog and ${URL}webpage' });
    suppressRestProxyFindings(this, this.network, this.front);
  }
}
