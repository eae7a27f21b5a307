/**
 * The console on the security-group gap (the bookstore without the ALB → book task ingress rule):
 * the load balancer → book tasks edge is red, and the page shows the missing rule and the fix text
 * gatelink logs; the edge to the author tasks, whose rule is intact, stays allowed.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { eventually, scratchDir, startSystem } from '../e2e/system.js';
import { assemblyWithoutTaskIngress } from '../e2e/sg-gap-assembly.js';
import { browserMissing, launchBrowser, screenshot } from './browser.js';

const skip = browserMissing();

test('SG gap: the blocked edge is red and shows the missing rule and its fix', { skip }, async () => {
  const { dir } = assemblyWithoutTaskIngress();
  const copy = scratchDir('gatelink-console-sg-gap-');
  cpSync(dir, path.join(copy, 'assembly'), { recursive: true });
  const system = await startSystem({ args: ['--assembly', path.join(copy, 'assembly')] });
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await system.stop();
    throw error;
  });
  try {
    await eventually(async () => (await system.status()).services.length === 2, 90_000, `gatelink up\n${system.output()}`);
    const page = await browser.page(`${system.admin}/#/topology`);
    const blocked = page.locator('[data-testid="edge-blocked"]');
    await blocked.first().waitFor({ timeout: 15_000 });
    assert.equal(await blocked.count(), 1, 'one blocked edge: load balancer → book tasks');
    assert.ok((await blocked.getAttribute('data-edge'))?.match(/->FargateVpclinkStack\/bookService/), await blocked.getAttribute('data-edge') ?? '');
    // Read in one go: the diagram is redrawn whenever the status changes.
    const stroke = await page.evaluate<string>(`(() => {
      const line = document.querySelector('[data-testid="edge-blocked"] .edge-line');
      return line ? getComputedStyle(line).stroke : '';
    })()`);
    assert.equal(stroke, 'rgb(248, 81, 73)', 'drawn red');
    assert.match(await blocked.locator('.edge-label').textContent() ?? '', /blocked tcp\/8080/);
    const verdict = page.locator('[data-testid="blocked-verdict"]').first();
    const text = await verdict.innerText();
    assert.match(text, /blocked: load balancer .* → tasks of bookService on tcp\/8080/);
    assert.match(text, /has no ingress rule admitting .* on tcp\/8080/);
    assert.match(text, /Fix: in CDK: .*allowFrom.*AWS::EC2::SecurityGroupIngress/s);
    // The same fix text as the log line gatelink writes for the refused hop.
    const fix = /Fix: (.*)/s.exec(text)?.[1]?.trim().slice(0, 60) ?? '';
    await eventually(() => system.output().includes(fix.slice(0, 40)) || /ingress/i.test(system.output()), 30_000, 'the log line with the same explanation');
    await blocked.locator('.edge-label').click();
    await page.locator('aside.details', { hasText: 'Fix:' }).waitFor();
    await screenshot(page, 'topology-sg-gap');
  } finally {
    await browser.close();
    await system.stop();
  }
});
