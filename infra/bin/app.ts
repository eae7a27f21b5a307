/**
 * The bookstore CDK app: the seed's two stacks on aws-cdk-lib v2, checked by cdk-nag (AwsSolutions)
 * on every synth. `npm run synth` fails on any finding that is not acknowledged with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config.js';
import { FargateVpclinkStack } from '../lib/fargate-vpclink-stack.js';
import { HttpApiStack } from '../lib/http-api-stack.js';

const app = new App();
const config = readConfig(app.node);
const fargate = new FargateVpclinkStack(app, 'FargateVpclinkStack', { config, description: 'Bookstore: VPC, ECS Fargate services, internal ALB, VPC link' });
new HttpApiStack(app, 'HttpApiStack', {
  config,
  httpVpcLink: fargate.httpVpcLink,
  httpApiListener: fargate.httpApiListener,
  description: 'Bookstore: HTTP API over the VPC link',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
