/**
 * cdk-nag (AwsSolutions) acknowledgements, each with the reason it is right for THIS system. Anything
 * not acknowledged here fails `npm run synth`.
 */
import { Validations } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Network } from '../../../infra/lib/network.js';
import { AlbFront } from './alb-front.js';
import type { NlbFront } from './nlb-front.js';

function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

export function suppressRestProxyFindings(stack: Stack, network: Network, front: AlbFront | NlbFront): void {
  const nat = network.natInstanceProvider;
  if (nat) {
    for (const instance of network.vpc.node.findAll().filter((c) => c.node.id === 'NatInstance')) {
      acknowledge(instance, 'EC26', 'The NAT instance only forwards packets; its root volume holds the stock AL2023 image and no data of this system.');
      acknowledge(instance, 'EC28', 'Detailed monitoring would cost more than the instance itself; 5-minute metrics suffice for a NAT that carries only image pulls and logs.');
      acknowledge(instance, 'EC29', 'The NAT instance is disposable: CloudFormation recreates it, and the serving path (load balancer → tasks) does not cross it.');
    }
    acknowledge(nat.securityGroup, 'EC23', 'The only ingress rule admits the VPC CIDR (a token nag cannot evaluate), so private subnets can use the NAT; nothing from the internet is admitted.');
  }
  if (front instanceof AlbFront) {
    acknowledge(front.securityGroup, 'EC23', 'Seed 003 calls the ALB from API Gateway over the internet (an HTTP proxy integration to its DNS name), and API Gateway has no fixed source addresses: the listener port must admit 0.0.0.0/0. It is the only such rule; the tasks admit only the ALB. Use -c variant=nlb to keep everything private.');
    acknowledge(front.alb, 'ELB2', 'API Gateway’s stage access log records every request of the API; ALB access logs would add an S3 bucket (and its own logging) for this demo. Turn them on before serving real traffic on the public listener.');
  } else {
    acknowledge(front.securityGroup, 'EC23', 'The only ingress rules admit the VPC CIDR (a token nag cannot evaluate) on the two listener ports; nothing from the internet is admitted.');
    acknowledge(front.nlb, 'ELB2', 'The NLB is internal and reached only through the VPC link; API Gateway’s stage access log records every request, and NLB access logs (TLS listeners only) would add an S3 bucket for no records on these TCP listeners.');
  }
  acknowledge(stack, 'APIG3', 'WAF would cost more than the rest of the idle system; the stage throttles every client (50 rps, burst 100) and every method is a read-only GET.');
  acknowledge(stack, 'APIG4', 'The blog and the webpage are public, read-only content (GET only); there is no per-user data to authorize.');
  acknowledge(stack, 'COG4', 'The blog and the webpage are public, read-only content; no user pool is part of the system.');
  acknowledge(stack, 'APIG6', 'The stage access log records every request; execution logs need an account-wide CloudWatch role, which this example does not create.');
  acknowledge(stack, 'ECS2', 'The environment holds only the container port; the services use no credentials or secrets.');
  for (const policy of stack.node.findAll().filter((c) => c.node.id === 'DefaultPolicy' && c.node.scope?.node.id === 'ExecutionRole')) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); every other statement of the execution role is scoped to the image repository and the log group.',
    });
  }
}
