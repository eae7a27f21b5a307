/** The bookstore's assembly with the ALB → book task ingress rule removed: the security-group gap of the e2e and browser tests. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, scratchDir } from './system.js';

interface Template { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }

/** Synthesizes the bookstore app into a fresh dir and removes every ALB → book task ingress rule. */
export function assemblyWithoutTaskIngress(): { dir: string; removed: string[] } {
  const dir = scratchDir('gatelink-sg-gap-');
  execFileSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
    cwd: path.join(repoRoot, 'infra'),
    env: { ...process.env, CDK_OUTDIR: dir, CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:disable-asset-staging': true }), CDK_VALIDATION: 'false' },
    stdio: 'ignore',
  });
  const file = readdirSync(dir).find((name) => name.startsWith('FargateVpclinkStack') && name.endsWith('.template.json'));
  assert.ok(file, 'FargateVpclinkStack template synthesized');
  const template = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Template;
  const removed: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    const isTaskIngress = resource.Type === 'AWS::EC2::SecurityGroupIngress' && /book/i.test(logicalId) && props.FromPort === 8080;
    if (isTaskIngress) {
      delete template.Resources[logicalId];
      removed.push(logicalId);
    }
  }
  writeFileSync(path.join(dir, file), JSON.stringify(template));
  return { dir, removed };
}

