/**
 * The private path to api-service: NLB (what a REST API VPC link can target) → ALB (as a target of
 * the NLB, `AlbListenerTarget`) → api-service tasks. Every hop admits only the one before it:
 * - NLB: from the VPC's CIDR on its listener port. A REST API VPC link reaches it over PrivateLink,
 *   whose traffic is not held to the NLB's inbound rules (EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic
 *   off: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html);
 * - ALB: from the NLB's security group only;
 * - tasks: from the ALB's security group only, on the container port.
 */
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AlbListenerTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';
import type { QueueWorkerConfig } from './config.js';

export interface LoadBalancersProps {
  readonly vpc: ec2.IVpc;
  readonly apiService: ecs.FargateService;
  readonly apiSecurityGroup: ec2.SecurityGroup;
  readonly config: QueueWorkerConfig;
}

export class LoadBalancers extends Construct {
  readonly nlb: elbv2.NetworkLoadBalancer;
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly nlbSecurityGroup: ec2.SecurityGroup;
  readonly albSecurityGroup: ec2.SecurityGroup;
  /** 80 with plain HTTP, 443 with TLS: the NLB's and the ALB's listener port alike. */
  readonly port: number;

  constructor(scope: Construct, id: string, props: LoadBalancersProps) {
    super(scope, id);
    const { vpc, config } = props;
    const tls = config.tls;
    this.port = tls ? 443 : 80;
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', { vpc, description: 'internal ALB: admits only the NLB', allowAllOutbound: false });
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: false, vpcSubnets: subnets, securityGroup: this.albSecurityGroup, dropInvalidHeaderFields: true });
    const certificates = tls ? [elbv2.ListenerCertificate.fromCertificateManager(acm.Certificate.fromCertificateArn(this, 'Certificate', tls.certificateArn))] : undefined;
    const albListener = this.alb.addListener('Listener', {
      port: this.port,
      protocol: tls ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
      ...(certificates ? { certificates, sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS } : {}),
      // Opened explicitly below: the NLB's security group, not 0.0.0.0/0.
      open: false,
    });
    albListener.addTargets('ApiService', {
      port: config.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [props.apiService],
      healthCheck: { path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(10),
    });
    // ALB → tasks (both sides: ALB egress and task ingress, on the container port).
    this.alb.connections.allowTo(props.apiSecurityGroup, ec2.Port.tcp(config.containerPort), 'ALB to the api-service tasks');

    this.nlbSecurityGroup = new ec2.SecurityGroup(this, 'NlbSecurityGroup', { vpc, description: 'internal NLB of the REST API VPC link: admits the VPC on its listener port', allowAllOutbound: false });
    this.nlbSecurityGroup.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(this.port), 'clients in the VPC (the VPC link arrives over PrivateLink)');
    this.nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', {
      vpc,
      internetFacing: false,
      vpcSubnets: subnets,
      securityGroups: [this.nlbSecurityGroup],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false,
      crossZoneEnabled: true,
    });
    // NLB → ALB: the rule the whole API path depends on (test/security-groups.test.ts removes it).
    this.albSecurityGroup.addIngressRule(this.nlbSecurityGroup, ec2.Port.tcp(this.port), 'NLB to the ALB listener');
    this.nlbSecurityGroup.addEgressRule(this.albSecurityGroup, ec2.Port.tcp(this.port), 'NLB to the ALB listener');
    const nlbListener = this.nlb.addListener('Listener', { port: this.port, protocol: elbv2.Protocol.TCP });
    nlbListener.addTargets('Alb', {
      port: this.port,
      targets: [new AlbListenerTarget(albListener)],
      healthCheck: { protocol: tls ? elbv2.Protocol.HTTPS : elbv2.Protocol.HTTP, path: '/health', interval: Duration.seconds(10) },
    });
  }
}
