/**
 * The Cloud Map example app (seed 004): one stack, checked by cdk-nag (AwsSolutions) on every synth.
 * HTTP API → VPC link → Cloud Map → Fargate (no load balancer), with a generated database secret, and
 * a front end in a second cluster behind a public ALB. Run it locally with
 * `npx gatelink up --cdk-dir examples/cloudmap-api` (see README.md).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MoviesApiStack } from '../lib/movies-api-stack.js';
import { suppressMoviesFindings } from '../lib/nag-suppressions.js';

const app = new App();
const stack = new MoviesApiStack(app, 'MoviesApiStack', { description: 'Movies (seed 004): HTTP API → VPC link → Cloud Map → Fargate; a front end behind a public ALB; a generated database secret' });
suppressMoviesFindings(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
