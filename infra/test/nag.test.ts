/** cdk-nag AwsSolutions runs on every synth; every finding is acknowledged with a reason, so synth passes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config.js';
import { FargateVpclinkStack } from '../lib/fargate-vpclink-stack.js';
import { HttpApiStack } from '../lib/http-api-stack.js';

test('AwsSolutions: no unacknowledged finding, and every acknowledgement gives a reason', (t) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'nag-'));
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir });
  const config = readConfig(app.node);
  const fargate = new FargateVpclinkStack(app, 'FargateVpclinkStack', { config });
  new HttpApiStack(app, 'HttpApiStack', { config, httpVpcLink: fargate.httpVpcLink, httpApiListener: fargate.httpApiListener });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  assert.doesNotThrow(() => app.synth());
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[]; summary?: { status?: string } }[] };
  for (const plugin of report.pluginReports) assert.notEqual(plugin.summary?.status, 'failure');
});
