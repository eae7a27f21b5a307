/**
 * cdk-nag (AwsSolutions) acknowledgements, each with the reason it is right for THIS system. Anything
 * not acknowledged here fails `npm run synth`.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { MoviesApiStack } from './movies-api-stack.js';

function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

export function suppressMoviesFindings(stack: MoviesApiStack): void {
  const { network, frontEnd } = stack;
  for (const instance of network.vpc.node.findAll().filter((c) => c.node.id === 'NatInstance')) {
    acknowledge(instance, 'EC26', 'The NAT instance only forwards packets; its root volume holds the stock AL2023 image and no data of this system.');
    acknowledge(instance, 'EC28', 'Detailed monitoring would cost more than the instance itself; 5-minute metrics suffice for a NAT that carries image pulls, logs and secret fetches.');
    acknowledge(instance, 'EC29', 'The NAT instance is disposable: CloudFormation recreates it; running tasks keep serving without it (only new task starts need it).');
  }
  acknowledge(network.natInstanceProvider.securityGroup, 'EC23', 'The only ingress rule admits the VPC CIDR (a token nag cannot evaluate), so private subnets can use the NAT; nothing from the internet is admitted.');
  acknowledge(frontEnd.loadBalancerSecurityGroup, 'EC23', 'The front end is a public website: its ALB admits anyone, on port 80 only, and may only reach the front end tasks.');
  acknowledge(frontEnd.loadBalancer, 'ELB2', 'The ALB serves a static page; an access-log bucket would cost more than the traffic of this example. The API calls the page makes are in the HTTP API access log.');
  for (const cluster of [stack.movies.service.cluster, frontEnd.cluster]) {
    acknowledge(cluster, 'ECS4', 'Container Insights bills per metric and would triple the idle cost of this example; the services log to CloudWatch Logs and ECS reports CPU and memory without it.');
  }
  acknowledge(stack.databaseSecret, 'SMG4', 'No database is deployed by this example, so there is nothing to rotate the password against; add a rotation schedule (hostedRotation) with the database.');
  acknowledge(stack, 'ECS2', 'The environment holds only non-secret configuration (the port, the API URL); the database credentials are container secrets from Secrets Manager.');
  acknowledge(stack, 'APIG4', 'The movies catalogue is public, as in the seed it reproduces (anyone may read and add); abuse is bounded by the stage throttle. Add an HttpJwtAuthorizer before storing private data.');
  for (const policy of stack.node.findAll().filter((c) => c.node.id === 'DefaultPolicy' && c.node.scope?.node.id === 'ExecutionRole')) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); every other statement of the execution role is scoped to the image repository, the log group and (the API) the one secret.',
    });
  }
}
