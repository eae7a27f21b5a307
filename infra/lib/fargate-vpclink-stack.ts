/**
 * FargateVpclinkStack (the seed's name): the producer VPC, the ECS cluster, the Cloud Map namespace,
 * both microservices behind an internal ALB, and the VPC link the HTTP API reaches the ALB through.
 * Security groups form one chain and nothing else: VPC link → ALB on 80 → tasks on 8080.
 */
import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BookstoreConfig } from './config.js';
import { Microservice } from './microservice.js';
import { Network } from './network.js';
import { suppressFargateVpclinkFindings } from './nag-suppressions.js';

export interface FargateVpclinkStackProps extends StackProps {
  readonly config: BookstoreConfig;
}

const LISTENER_PORT = 80;

export class FargateVpclinkStack extends Stack {
  readonly httpVpcLink: apigwv2.VpcLink;
  readonly httpApiListener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: FargateVpclinkStackProps) {
    super(scope, id, props);
    const { config } = props;
    const network = new Network(this, 'Network', { natGatewayPerAz: config.natGatewayPerAz });
    const vpc = network.vpc;
    const cluster = new ecs.Cluster(this, 'FargateCluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const namespace = new servicediscovery.PrivateDnsNamespace(this, 'DnsNamespace', { name: 'http-api.local', vpc, description: 'Private DnsNamespace for Microservices' });
    const common = { cluster, namespace, desiredCount: config.desiredCount, maxCount: config.maxCount, containerPort: config.containerPort };
    const books = new Microservice(this, 'Books', { name: 'book', ...common });
    const authors = new Microservice(this, 'Authors', { name: 'author', ...common });

    const vpcLinkSecurityGroup = new ec2.SecurityGroup(this, 'VpcLinkSecurityGroup', { vpc, description: 'HTTP API VPC link ENIs: may only reach the internal ALB listener', allowAllOutbound: false });
    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', { vpc, description: 'Internal ALB: admits only the VPC link on the listener port', allowAllOutbound: false });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'httpapiInternalALB', { vpc, internetFacing: false, securityGroup: albSecurityGroup, dropInvalidHeaderFields: true });
    this.httpApiListener = alb.addListener('httpapiListener', {
      port: LISTENER_PORT,
      // Never 0.0.0.0/0: the VPC link is the only client (the ingress rule is added below).
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(200),
    });
    albSecurityGroup.addIngressRule(vpcLinkSecurityGroup, ec2.Port.tcp(LISTENER_PORT), 'HTTP API VPC link to the listener');
    vpcLinkSecurityGroup.addEgressRule(albSecurityGroup, ec2.Port.tcp(LISTENER_PORT), 'to the internal ALB listener');

    const routes = [
      { service: books, priority: 1, path: '/api/books*', health: '/api/books/health' },
      { service: authors, priority: 2, path: '/api/authors*', health: '/api/authors/health' },
    ];
    for (const route of routes) {
      // addTargets also opens the task security group to the ALB on the container port, and only that.
      this.httpApiListener.addTargets(`${route.service.node.id === 'Books' ? 'book' : 'author'}ServiceTargetGroup`, {
        port: config.containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        priority: route.priority,
        conditions: [elbv2.ListenerCondition.pathPatterns([route.path])],
        targets: [route.service.service.loadBalancerTarget({ containerName: route.service.containerName, containerPort: config.containerPort })],
        healthCheck: { path: route.health, interval: Duration.seconds(30), timeout: Duration.seconds(3), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
        deregistrationDelay: Duration.seconds(30),
      });
    }

    this.httpVpcLink = new apigwv2.VpcLink(this, 'HttpVpcLink', {
      vpc,
      vpcLinkName: 'http-api-vpclink',
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [vpcLinkSecurityGroup],
    });
    suppressFargateVpclinkFindings(this, network);
  }
}
