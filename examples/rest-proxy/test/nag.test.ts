/** cdk-nag AwsSolutions runs on every synth; every finding is acknowledged with a reason, so synth passes — in both variants. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from '../lib/config.js';
import { RestProxyStack } from '../lib/rest-proxy-stack.js';

for (const variant of ['alb', 'nlb']) {
  test(`AwsSolutions: no unacknowledged finding (variant ${variant})`, (t) => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'nag-'));
    t.after(() => rmSync(outdir, { recursive: true, force: true }));
    const app = new App({ outdir, context: { variant } });
    new RestProxyStack(app, 'RestProxyStack', { config: readConfig(app.node) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    assert.doesNotThrow(() => app.synth());
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { summary?: { status?: string } }[] };
    assert.ok(report.pluginReports.length > 0, 'cdk-nag ran');
    for (const plugin of report.pluginReports) assert.notEqual(plugin.summary?.status, 'failure');
  });
}

test('an unknown variant is refused at synth, naming the two there are', () => {
  const app = new App({ context: { variant: 'l7' } });
  assert.throws(() => readConfig(app.node), /variant=l7 is neither alb \(the default\) nor nlb/);
});
