/** Builds the rest-proxy stack for assertions (without cdk-nag, which has its own test). */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../lib/config.js';
import { RestProxyStack } from '../lib/rest-proxy-stack.js';

export function buildStack(context: Record<string, unknown> = {}): RestProxyStack {
  const app = new App({ context });
  return new RestProxyStack(app, 'RestProxyStack', { config: readConfig(app.node) });
}

export function template(context: Record<string, unknown> = {}): Template {
  return Template.fromStack(buildStack(context));
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The logical id of the one resource of `type` whose logical id contains `part`. */
export function logicalId(t: Template, type: string, part: string): string {
  const ids = Object.keys(t.findResources(type)).filter((id) => id.includes(part));
  if (ids.length !== 1) throw new Error(`expected one ${type} with ${part} in its id, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}
