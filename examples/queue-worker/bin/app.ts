/**
 * The queue-worker example (seed 002): one stack, checked by cdk-nag (AwsSolutions) on every synth.
 * Run it locally with `npx gatelink up --cdk-dir examples/queue-worker` (see README.md).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config.js';
import { QueueWorkerStack } from '../lib/queue-worker-stack.js';

const app = new App();
new QueueWorkerStack(app, 'QueueWorkerStack', { config: readConfig(app.node), description: 'Seed 002: REST API → SQS → processing-service → DynamoDB; REST API → VPC link → NLB → ALB → api-service' });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
