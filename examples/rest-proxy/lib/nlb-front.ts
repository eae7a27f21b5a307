/**
 * The L4 variant's load balancer (`-c variant=nlb`): an internal NLB, the target a REST API VPC link
 * needs. An NLB cannot route by path, so each service gets its own listener port — the blog's 8080,
 * the webpage's 5000 — and the REST API's integration URI port picks the listener. Security groups:
 * the NLB admits the VPC's CIDR on those two ports (the VPC link's PrivateLink traffic is not held to
 * inbound rules: EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic off), and each service's tasks
 * admit only the NLB on their own port.
 */
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ProxiedService } from './services.js';

export interface NlbFrontProps {
  readonly vpc: ec2.IVpc;
  readonly blog: ProxiedService;
  readonly webpage: ProxiedService;
}

export class NlbFront extends Construct {
  readonly nlb: elbv2.NetworkLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NlbFrontProps) {
    super(scope, id);
    const { vpc } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc, description: 'internal NLB of the REST API VPC link: admits the VPC on the service ports', allowAllOutbound: false });
    this.nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: false,
      crossZoneEnabled: true,
    });
    for (const [name, service] of [['blog', props.blog], ['webpage', props.webpage]] as const) {
      const port = service.containerPort;
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(port), `clients in the VPC to the ${name} listener (the VPC link arrives over PrivateLink)`);
      const id = name === 'blog' ? 'Blog' : 'Webpage';
      this.nlb.addListener(id, { port, protocol: elbv2.Protocol.TCP }).addTargets(id, {
        port,
        protocol: elbv2.Protocol.TCP,
        targets: [service.service],
        healthCheck: { protocol: elbv2.Protocol.HTTP, path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2 },
        deregistrationDelay: Duration.seconds(10),
      });
      // NLB → tasks, both sides, on that service's port only.
      this.securityGroup.addEgressRule(service.securityGroup, ec2.Port.tcp(port), `NLB to the ${name} tasks`);
      service.securityGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(port), `the NLB to the ${name} tasks`);
    }
  }
}
