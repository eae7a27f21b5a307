/**
 * The L7 variant's load balancer: an internet-facing ALB, because the seed's REST API calls it by
 * its public DNS name (an HTTP proxy integration over the internet, no VPC link). Its listener routes
 * by path: /blog[/*] to the blog's target group (port 8080), /webpage[/*] to the webpage's (port
 * 5000), anything else a fixed 404. The chain of security groups: the internet → ALB on the listener
 * port (the one 0.0.0.0/0 rule of the stack) → each service's tasks on their own port only.
 */
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ProxiedService } from './services.js';

export interface AlbFrontProps {
  readonly vpc: ec2.IVpc;
  readonly port: number;
  readonly blog: ProxiedService;
  readonly webpage: ProxiedService;
}

/** Listener rule priorities and the paths they match. */
export const ALB_ROUTES = { blog: { priority: 10, paths: ['/blog', '/blog/*'] }, webpage: { priority: 20, paths: ['/webpage', '/webpage/*'] } } as const;

export class AlbFront extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: AlbFrontProps) {
    super(scope, id);
    const { vpc, port } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc, description: 'internet-facing ALB: HTTP from anywhere (API Gateway calls it over the internet)', allowAllOutbound: false });
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), 'API Gateway HTTP proxy integrations (and any client) over the internet');
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      idleTimeout: Duration.seconds(30),
    });
    const listener = this.alb.addListener('Http', {
      port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      // Opened explicitly above; `open: true` would add a second, IPv6 rule.
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'application/json', messageBody: '{"message":"no route: try /blog or /webpage"}' }),
    });
    for (const [name, service] of [['blog', props.blog], ['webpage', props.webpage]] as const) {
      const route = ALB_ROUTES[name];
      listener.addTargets(name === 'blog' ? 'Blog' : 'Webpage', {
        priority: route.priority,
        conditions: [elbv2.ListenerCondition.pathPatterns([...route.paths])],
        port: service.containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targets: [service.service],
        healthCheck: { path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2 },
        deregistrationDelay: Duration.seconds(10),
      });
      // ALB → tasks, both sides (ALB egress, task ingress), on that service's port only.
      this.alb.connections.allowTo(service.securityGroup, ec2.Port.tcp(service.containerPort), `ALB to the ${name} tasks`);
    }
  }
}
