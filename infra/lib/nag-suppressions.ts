/**
 * cdk-nag (AwsSolutions) acknowledgements, each with the reason it is right for THIS system. Anything
 * not acknowledged here fails `npm run synth`.
 */
import { Validations } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Network } from './network.js';

function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

export function suppressFargateVpclinkFindings(stack: Stack, network: Network): void {
  const nat = network.natInstanceProvider;
  if (nat) {
    for (const instance of network.vpc.node.findAll().filter((c) => c.node.id === 'NatInstance')) {
      acknowledge(instance, 'EC26', 'The NAT instance only forwards packets; its root volume holds the stock AL2023 image and no data of this system.');
      acknowledge(instance, 'EC28', 'Detailed monitoring (1-minute metrics) would cost more than the instance itself; 5-minute metrics suffice for a NAT that carries only image pulls and log shipping.');
      acknowledge(instance, 'EC29', 'The NAT instance is disposable: CloudFormation recreates it, and the serving path (ALB, tasks, DynamoDB gateway endpoint) does not depend on it.');
    }
    acknowledge(nat.securityGroup, 'EC23', 'The only ingress rule admits the VPC CIDR (a token nag cannot evaluate), so private subnets can use the NAT; nothing from the internet is admitted.');
  }
  for (const taskDefinition of stack.node.findAll().filter((c) => /ServiceTaskDef$/.test(c.node.id))) {
    acknowledge(taskDefinition, 'ECS2', 'The environment holds only non-secret configuration (the container port and the table name); the tasks use their IAM role, not credentials.');
    const executionPolicy = taskDefinition.node.tryFindChild('ExecutionRole')?.node.tryFindChild('DefaultPolicy');
    if (executionPolicy) {
      Validations.of(executionPolicy).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); every other statement of the execution role is scoped to this image repository and log group.',
      });
    }
  }
  const alb = stack.node.findAll().find((c) => c.node.id === 'httpapiInternalALB');
  if (alb) {
    acknowledge(alb, 'ELB2', 'The ALB is internal and reachable only from the VPC link; every request is already logged by the HTTP API stage access log, and ALB access logs would add an S3 bucket for duplicate records.');
  }
}

export function suppressHttpApiFindings(stack: Stack): void {
  for (const route of stack.node.findAll().filter((c) => c.node.id.startsWith('ANY--'))) {
    acknowledge(route, 'APIG4', 'The bookstore is a public catalogue, as in the sample it reproduces; abuse is bounded by stage throttling. Add an HttpJwtAuthorizer to the route before storing private data.');
  }
}
