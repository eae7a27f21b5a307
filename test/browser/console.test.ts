/**
 * The console in real headless Chromium against the bookstore through `npm start`: the topology
 * shows both services healthy; a request made with curl appears in the request list with its
 * per-hop timings and opens as a trace; a deploy started from the page reaches COMPLETED; a task
 * killed with kill -9 shows as replaced.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { allHealthy, eventually, startSystem } from '../e2e/system.js';
import type { RunningSystem } from '../e2e/system.js';
import { browserMissing, launchBrowser, screenshot } from './browser.js';
import type { Browser } from './browser.js';

const skip = browserMissing();
let system: RunningSystem;
let browser: Browser;
let page: Page;

before(async () => {
  if (skip) return;
  system = await startSystem();
  await eventually(async () => allHealthy(await system.status()), 120_000, `all tasks healthy\n${system?.output() ?? ''}`);
  browser = await launchBrowser();
  page = await browser.page(`${system.admin}/`);
  await page.locator('[data-testid="connection"]', { hasText: 'live' }).waitFor({ timeout: 15_000 });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await system?.stop();
});

test('the start banner names the console at the admin port’s root', { skip }, () => {
  assert.match(system.output(), new RegExp(`Console\\s+${system.admin}/`));
});

test('topology: the bookstore’s two services are drawn healthy, the chain from the API to the tables, every security-group verdict allowed', { skip }, async () => {
  await page.goto(`${system.admin}/#/topology`);
  const healthy = page.locator('g.node[data-kind="service"][data-health="ok"]');
  await eventually(async () => (await healthy.count()) === 2, 15_000, 'two healthy service nodes');
  const labels = await healthy.locator('.node-label').allTextContents();
  assert.deepEqual(labels.sort(), ['authorService', 'bookService']);
  for (const kind of ['api', 'route', 'integration', 'vpcLink', 'listener', 'rule', 'targetGroup', 'table']) {
    assert.ok((await page.locator(`g.node[data-kind="${kind}"]`).count()) > 0, `a ${kind} node`);
  }
  assert.equal(await page.locator('[data-testid="edge-blocked"]').count(), 0);
  assert.ok((await page.locator('[data-testid="edge-allowed"]').count()) >= 3);
  await screenshot(page, 'topology');
});

test('requests: a curl request appears with its per-hop timings and opens as a trace', { skip }, async () => {
  await page.goto(`${system.admin}/#/requests`);
  const head = execFileSync('curl', ['-s', '-D', '-', '-o', '/dev/null', '-H', 'authorization: Bearer not-for-the-console', `${system.gateway}/api/books`], { encoding: 'utf8' });
  const requestId = /^apigw-requestid: (\S+)/im.exec(head)?.[1];
  assert.ok(requestId, head);
  const row = page.locator(`tr[data-request-id="${requestId}"]`);
  await row.waitFor({ timeout: 10_000 });
  const timings = await row.locator('[data-testid="hop-timings"]').innerText();
  for (const hop of ['gateway', 'VPC link', 'load balancer', 'task']) assert.match(timings, new RegExp(`${hop} \\d+(\\.\\d+)? (ms|s)`), timings);
  await page.locator('[data-testid="request-search"]').fill(requestId.slice(0, 8));
  assert.equal(await page.locator('tr[data-request-id]').count(), 1, 'search by request id');
  await row.click();
  const trace = page.locator('[data-testid="trace"]');
  await trace.locator('td', { hasText: requestId }).first().waitFor();
  assert.equal(await trace.locator('.bar').count(), 4, 'a waterfall bar per hop');
  const text = await trace.innerText();
  assert.match(text, /AWS trace id\s+1-[0-9a-f]{8}-[0-9a-f]{24}/);
  assert.match(text, /rule\s+FargateVpclinkStack\/\S+ \(priority \d+\)/);
  await trace.locator('[data-hop="task"] summary').click();
  const taskHeaders = await trace.locator('[data-hop="task"] table.headers').innerText();
  assert.match(taskHeaders, /x-amzn-trace-id\s+Root=1-/);
  assert.match(taskHeaders, /authorization\s+Bearer \[redacted\]/);
  assert.ok(!(await page.content()).includes('not-for-the-console'), 'the secret never reaches the page');
  await page.locator('[data-testid="request-search"]').fill('');
  await screenshot(page, 'requests');
});

test('services: a deploy started from the page reaches COMPLETED', { skip }, async () => {
  await page.goto(`${system.admin}/#/services`);
  const card = page.locator('article[data-service="authorService"]');
  await card.locator('button[data-action="deploy"]').click();
  await page.locator('[data-testid="notice"]', { hasText: /deployment .* started/ }).waitFor({ timeout: 10_000 });
  await card.locator('li[data-deployment][data-status="IN_PROGRESS"], li[data-deployment][data-status="COMPLETED"]').first().waitFor({ timeout: 10_000 });
  await card.locator('li[data-deployment][data-status="COMPLETED"]').waitFor({ timeout: 120_000 });
  const status = await system.status();
  const author = status.services.find((service) => service.name === 'authorService') as unknown as { tasks: { revision: number }[] };
  assert.ok(author.tasks.every((task) => task.revision === 2), 'every task runs revision 2');
  await screenshot(page, 'services');
});

test('services: a task killed with kill -9 shows as stopped and replaced', { skip }, async () => {
  await page.goto(`${system.admin}/#/services`);
  const before = (await system.status()).services.find((service) => service.name === 'bookService');
  const victim = before?.tasks[0];
  assert.ok(victim?.pid);
  process.kill(victim.pid, 'SIGKILL');
  const card = page.locator('article[data-service="bookService"]');
  await card.locator(`li[data-stopped-task="${victim.id}"]`).waitFor({ state: 'attached', timeout: 20_000 });
  assert.match((await card.locator(`li[data-stopped-task="${victim.id}"]`).textContent()) ?? '', /Essential container in task exited.*SIGKILL/);
  await eventually(async () => {
    const rows = await card.locator('tr[data-task]').evaluateAll((elements) => elements.map((element) => ({ id: element.getAttribute('data-task'), text: element.textContent ?? '' })));
    return rows.length === 2 && rows.every((row) => row.id !== victim.id && row.text.includes('healthy') && !row.text.includes('unhealthy'));
  }, 30_000, 'a healthy replacement task in the page');
});

test('logs and data views: live task logs, access-log lines, a table’s items', { skip }, async () => {
  await page.goto(`${system.admin}/#/logs`);
  await page.locator('[data-testid="log-lines"] .line').first().waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="access-log"] .line').first().waitFor({ timeout: 10_000 });
  await screenshot(page, 'logs');
  await page.goto(`${system.admin}/#/data`);
  await page.locator('[data-testid="items"] tbody tr').first().waitFor({ timeout: 10_000 });
  assert.match(await page.locator('[data-testid="items"]').innerText(), /Mastering AWS Security|Mark Wilkins/);
  assert.match(await page.locator('[data-testid="queues"]').innerText(), /no queues/);
  await screenshot(page, 'data');
});
