/** Builds the queue-worker stack for assertions (without cdk-nag, which has its own test). */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../lib/config.js';
import { QueueWorkerStack } from '../lib/queue-worker-stack.js';

export function buildStack(context: Record<string, unknown> = {}): QueueWorkerStack {
  const app = new App({ context });
  return new QueueWorkerStack(app, 'QueueWorkerStack', { config: readConfig(app.node) });
}

export function template(context: Record<string, unknown> = {}): Template {
  return Template.fromStack(buildStack(context));
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
