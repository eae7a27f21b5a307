/** cdk-nag AwsSolutions runs on every synth; every finding is acknowledged with a reason, so synth passes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MoviesApiStack } from '../lib/movies-api-stack.js';
import { suppressMoviesFindings } from '../lib/nag-suppressions.js';

test('AwsSolutions: no unacknowledged finding, and every acknowledgement gives a reason', (t) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'nag-'));
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir });
  suppressMoviesFindings(new MoviesApiStack(app, 'MoviesApiStack'));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  assert.doesNotThrow(() => app.synth());
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: { ruleName?: string; violatingConstructs?: unknown[] }[]; summary?: { status?: string } }[] };
  for (const plugin of report.pluginReports) assert.notEqual(plugin.summary?.status, 'failure', JSON.stringify(plugin.violations?.map((v) => v.ruleName)));
});
