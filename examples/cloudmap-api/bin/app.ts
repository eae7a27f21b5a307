/**
 * The Cloud Map example app: one stack, HTTP API → VPC link → Cloud Map → Fargate, no load balancer.
 * Run it locally with `npx gatelink up --cdk-dir examples/cloudmap-api` (see README.md).
 */
import { App } from 'aws-cdk-lib';
import { MoviesApiStack } from '../lib/movies-api-stack.js';

const app = new App();
new MoviesApiStack(app, 'MoviesApiStack', { description: 'Movies: HTTP API → VPC link → Cloud Map (SRV) → Fargate, no load balancer' });
app.synth();
