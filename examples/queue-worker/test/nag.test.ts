/** cdk-nag AwsSolutions runs on every synth; every finding is acknowledged with a reason, so synth passes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config.js';
import { QueueWorkerStack } from '../lib/queue-worker-stack.js';

for (const context of [{}, { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' }]) {
  test(`AwsSolutions: no unacknowledged finding (${Object.keys(context).length > 0 ? 'TLS' : 'plain HTTP'})`, (t) => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'nag-'));
    t.after(() => rmSync(outdir, { recursive: true, force: true }));
    const app = new App({ outdir, context });
    new QueueWorkerStack(app, 'QueueWorkerStack', { config: readConfig(app.node) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    assert.doesNotThrow(() => app.synth());
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { summary?: { status?: string } }[] };
    for (const plugin of report.pluginReports) assert.notEqual(plugin.summary?.status, 'failure');
  });
}
