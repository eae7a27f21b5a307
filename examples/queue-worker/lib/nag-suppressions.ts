/**
 * cdk-nag (AwsSolutions) acknowledgements, each with the reason it is right for THIS system. Anything
 * not acknowledged here fails `npm run synth`.
 */
import { Validations } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Network } from '../../../infra/lib/network.js';

function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

export function suppressQueueWorkerFindings(stack: Stack, nlbSecurityGroup: IConstruct, network: Network): void {
  const nat = network.natInstanceProvider;
  if (nat) {
    for (const instance of network.vpc.node.findAll().filter((c) => c.node.id === 'NatInstance')) {
      acknowledge(instance, 'EC26', 'The NAT instance only forwards packets; its root volume holds the stock AL2023 image and no data of this system.');
      acknowledge(instance, 'EC28', 'Detailed monitoring would cost more than the instance itself; 5-minute metrics suffice for a NAT that carries image pulls, logs and SQS calls.');
      acknowledge(instance, 'EC29', 'The NAT instance is disposable: CloudFormation recreates it; messages wait in SQS meanwhile and the read path (NLB, ALB, tasks, DynamoDB gateway endpoint) does not depend on it.');
    }
    acknowledge(nat.securityGroup, 'EC23', 'The only ingress rule admits the VPC CIDR (a token nag cannot evaluate), so private subnets can use the NAT; nothing from the internet is admitted.');
  }
  acknowledge(nlbSecurityGroup, 'EC23', 'The only ingress rule admits the VPC CIDR (a token nag cannot evaluate) on the listener port; nothing from the internet is admitted.');
  acknowledge(stack, 'APIG3', 'WAF would cost more than the rest of the idle system; every method needs an API key, and the stage and usage plan throttle each client.');
  acknowledge(stack, 'APIG4', 'Seed 002 authorizes clients with API keys and a usage plan; add a Cognito or Lambda authorizer before exposing per-user data.');
  acknowledge(stack, 'COG4', 'Seed 002 authorizes clients with API keys and a usage plan; no user pool is part of the system.');
  acknowledge(stack, 'APIG6', 'The stage access log records every request; execution logs need an account-wide CloudWatch role, which this example does not create.');
  acknowledge(stack, 'ELB2', 'The ALB is internal and reachable only through the NLB; every request is already in the REST API access log, and ALB access logs would add an S3 bucket for duplicate records.');
  acknowledge(stack, 'ECS2', 'The environment holds only non-secret configuration (port, queue URL, table name); the tasks use their IAM roles, not credentials.');
  for (const policy of stack.node.findAll().filter((c) => c.node.id === 'DefaultPolicy' && c.node.scope?.node.id === 'ExecutionRole')) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); every other statement of the execution role is scoped to the image repository and the log group.',
    });
  }
}
