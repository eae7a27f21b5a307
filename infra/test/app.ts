/** Builds the bookstore app for assertions (without cdk-nag, which has its own test). */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../lib/config.js';
import { FargateVpclinkStack } from '../lib/fargate-vpclink-stack.js';
import { HttpApiStack } from '../lib/http-api-stack.js';

export function buildApp(context: Record<string, unknown> = {}): { app: App; fargate: FargateVpclinkStack; api: HttpApiStack } {
  const app = new App({ context });
  const config = readConfig(app.node);
  const fargate = new FargateVpclinkStack(app, 'FargateVpclinkStack', { config });
  const api = new HttpApiStack(app, 'HttpApiStack', { config, httpVpcLink: fargate.httpVpcLink, httpApiListener: fargate.httpApiListener });
  return { app, fargate, api };
}

export function templates(context: Record<string, unknown> = {}): { fargate: Template; api: Template } {
  const { fargate, api } = buildApp(context);
  return { fargate: Template.fromStack(fargate), api: Template.fromStack(api) };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Logical id of the one resource of `type` whose properties satisfy `predicate`. */
export function logicalId(template: Template, type: string, predicate: (props: Record<string, unknown>) => boolean): string {
  const matches = Object.entries(template.findResources(type) as Resources).filter(([, r]) => predicate(r.Properties ?? {}));
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
  return (matches[0] as [string, unknown])[0];
}
