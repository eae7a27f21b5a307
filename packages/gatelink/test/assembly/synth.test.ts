/** Synthesis the way the CDK CLI runs an app, and its cache: an unchanged app is not synthesized again. */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadAssembly, readCdkJson, synthesizeCached } from '../../src/assembly/index.js';
import { isGatelinkError } from '../../src/errors.js';
import pino from 'pino';
import { Progress } from '../../src/cli/progress.js';
import { resolveUpOptions } from '../../src/cli/options.js';
import { dataDirLayout } from '../../src/runtime/data-dir.js';
import { loadPlanFromSource } from '../../src/runtime/load-plan.js';

/** A stand-in "CDK app": writes a one-stack assembly to CDK_OUTDIR and counts its runs. */
const APP = `
const fs = require('node:fs'); const path = require('node:path');
const out = process.env.CDK_OUTDIR; fs.mkdirSync(out, { recursive: true });
fs.appendFileSync(path.join(__dirname, '.runs.log'), 'x');
fs.writeFileSync(path.join(__dirname, '.validation'), String(process.env.CDK_VALIDATION));
fs.writeFileSync(path.join(__dirname, '.compile-cache'), String(process.env.NODE_COMPILE_CACHE));
const context = JSON.parse(process.env.CDK_CONTEXT_JSON);
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ artifacts: { S: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'S.template.json' } } } }));
fs.writeFileSync(path.join(out, 'S.template.json'), JSON.stringify({ Resources: { T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: context.tableName } } } }));
`;

function project(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-synth-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'app.cjs'), APP);
  writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.cjs', context: { tableName: 'fromCdkJson' } }));
  return dir;
}

const runs = (dir: string): number => readFileSync(path.join(dir, '.runs.log'), 'utf8').length;

test('the app runs with CDK_OUTDIR and CDK_CONTEXT_JSON (cdk.json context, asset staging off)', async (t) => {
  const dir = project(t);
  const cdk = await readCdkJson(dir);
  assert.equal(cdk?.app, 'node app.cjs');
  const outdir = path.join(dir, '.gatelink', 'cdk.out');
  const result = await synthesizeCached({ command: cdk?.app ?? '', cwd: dir, outdir, context: cdk?.context ?? {} });
  assert.equal(result.cached, false);
  const assembly = await loadAssembly(outdir);
  assert.equal(assembly.stacks[0]?.template.Resources?.T?.Properties?.TableName, 'fromCdkJson');
});

test('an unchanged app is not synthesized again; a changed file is', async (t) => {
  const dir = project(t);
  const options = { command: 'node app.cjs', cwd: dir, outdir: path.join(dir, 'out'), context: {} };
  await synthesizeCached(options);
  assert.equal((await synthesizeCached(options)).cached, true);
  assert.equal(runs(dir), 1);
  appendFileSync(path.join(dir, 'app.cjs'), '\n// edited\n');
  assert.equal((await synthesizeCached(options)).cached, false);
  assert.equal(runs(dir), 2);
  assert.equal((await synthesizeCached({ ...options, context: { changed: true } })).cached, false, 'context is part of the key');
});

test('aws-cdk-lib’s built-in template validation is off for gatelink’s synth, unless the user set CDK_VALIDATION', async (t) => {
  const dir = project(t);
  const options = { command: 'node app.cjs', cwd: dir, outdir: path.join(dir, 'out'), context: {} };
  const saved = process.env.CDK_VALIDATION;
  t.after(() => (saved === undefined ? delete process.env.CDK_VALIDATION : (process.env.CDK_VALIDATION = saved)));
  delete process.env.CDK_VALIDATION;
  await synthesizeCached(options);
  assert.equal(readFileSync(path.join(dir, '.validation'), 'utf8'), 'false');
  process.env.CDK_VALIDATION = 'true';
  await synthesizeCached({ ...options, context: { again: true } });
  assert.equal(readFileSync(path.join(dir, '.validation'), 'utf8'), 'true');
});

test('the app gets a compile cache dir for Node ≥ 22.1, unless the user set NODE_COMPILE_CACHE', async (t) => {
  const dir = project(t);
  const options = { command: 'node app.cjs', cwd: dir, outdir: path.join(dir, 'out'), context: {}, compileCacheDir: path.join(dir, 'compile-cache') };
  const saved = process.env.NODE_COMPILE_CACHE;
  t.after(() => (saved === undefined ? delete process.env.NODE_COMPILE_CACHE : (process.env.NODE_COMPILE_CACHE = saved)));
  delete process.env.NODE_COMPILE_CACHE;
  await synthesizeCached(options);
  assert.equal(readFileSync(path.join(dir, '.compile-cache'), 'utf8'), path.join(dir, 'compile-cache'));
  process.env.NODE_COMPILE_CACHE = '/elsewhere';
  await synthesizeCached({ ...options, context: { again: true } });
  assert.equal(readFileSync(path.join(dir, '.compile-cache'), 'utf8'), '/elsewhere');
});

test('a failing app is GL_ERR_SYNTH_FAILED with the tail of its output', async (t) => {
  const dir = project(t);
  writeFileSync(path.join(dir, 'bad.cjs'), 'console.error("Error: something specific went wrong"); process.exit(3);');
  await assert.rejects(synthesizeCached({ command: 'node bad.cjs', cwd: dir, outdir: path.join(dir, 'out'), context: {} }), (error: unknown) =>
    isGatelinkError(error, 'GL_ERR_SYNTH_FAILED') && /exited with 3/.test(error.message) && /something specific/.test(error.message),
  );
});

test('a directory without manifest.json is GL_ERR_ASSEMBLY_NOT_FOUND', async (t) => {
  const dir = project(t);
  await assert.rejects(loadAssembly(dir), (error: unknown) => isGatelinkError(error, 'GL_ERR_ASSEMBLY_NOT_FOUND'));
});

test('gatelink up --context key=value reaches the app’s synth over cdk.json’s context, as cdk synth -c does', async (t) => {
  const dir = project(t);
  const tableName = async (flags: Record<string, unknown>): Promise<string | undefined> => {
    const options = resolveUpOptions({ cdkDir: dir, ...flags }, {}, dir);
    const plan = await loadPlanFromSource(options, dataDirLayout(options.dataDir), new Progress({ write: () => true }), pino({ level: 'silent' }));
    return plan.tables[0]?.tableName;
  };
  assert.equal(await tableName({}), 'fromCdkJson');
  assert.equal(await tableName({ context: ['tableName=fromFlag'] }), 'fromFlag');
});
