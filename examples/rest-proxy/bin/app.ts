/**
 * The rest-proxy example (seed 003): one stack, checked by cdk-nag (AwsSolutions) on every synth.
 * `-c variant=nlb` builds the L4 variant. Run it locally with
 * `npx gatelink up --cdk-dir examples/rest-proxy` (see README.md).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config.js';
import { RestProxyStack } from '../lib/rest-proxy-stack.js';

const app = new App();
const config = readConfig(app.node);
new RestProxyStack(app, 'RestProxyStack', {
  config,
  description: config.variant === 'alb' ? 'Seed 003 (L7): REST API → internet-facing ALB → blog (Python) and webpage (TypeScript)' : 'Seed 003 (L4): REST API → VPC link → NLB → blog (Python) and webpage (TypeScript)',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
