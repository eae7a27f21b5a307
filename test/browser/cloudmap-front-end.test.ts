/**
 * Seed 004 in a real browser: examples/cloudmap-api's front end, loaded in headless Chromium from the
 * public ALB's host port, fetches the movies through the HTTP API (cross-origin: the API's CORS admits
 * the front end's origin) and adds one with a POST the browser preflights. A page of another origin
 * is refused by the browser itself.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { allHealthy, eventually, repoRoot, startSystem } from '../e2e/system.js';
import { browserMissing, launchBrowser, screenshot } from './browser.js';

const skip = browserMissing();

/** The front end ALB's host port, from the admin API. */
async function frontEndPort(admin: string): Promise<number> {
  const status = (await (await fetch(`${admin}/v1/status`)).json()) as { loadBalancers: { scheme: string; listeners: { hostPort?: number }[] }[] };
  const port = status.loadBalancers.find((lb) => lb.scheme === 'internet-facing')?.listeners[0]?.hostPort;
  assert.ok(port, 'the internet-facing ALB has a host port');
  return port;
}

/** A blank page on an origin the API does not admit. */
async function otherOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('the front end loads from the public ALB and shows movies fetched through the HTTP API', { skip }, async () => {
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const system = await startSystem({ args: ['--cdk-dir', 'examples/cloudmap-api'] });
  const elsewhere = await otherOrigin();
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await Promise.all([system.stop(), elsewhere.close()]);
    throw error;
  });
  try {
    await eventually(async () => allHealthy(await system.status()) && (await system.status()).services.every((service) => service.tasks.length === service.desiredCount), 120_000, `gatelink up\n${system.output()}`);
    const origin = `http://127.0.0.1:${await frontEndPort(system.admin)}`;
    const apiCalls: { url: string; status: number; requestId: string | null; allowOrigin: string | null; method: string }[] = [];
    browser.context.on('response', (response) => {
      if (response.url().startsWith(system.gateway)) {
        const headers = response.headers();
        apiCalls.push({ url: response.url(), status: response.status(), requestId: headers['apigw-requestid'] ?? null, allowOrigin: headers['access-control-allow-origin'] ?? null, method: response.request().method() });
      }
    });

    const page = await browser.page(`${origin}/`);
    await page.locator('#status[data-state="loaded"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#status').textContent(), '3 movies from the HTTP API');
    const titles = await page.locator('#movies li').allTextContents();
    assert.deepEqual(titles, ['The Matrix (1999) — Lana Wachowski, Lilly Wachowski', 'Spirited Away (2001) — Hayao Miyazaki', 'Arrival (2016) — Denis Villeneuve']);
    assert.equal(await page.locator('#api-url').textContent(), `${system.gateway}/`);
    const list = apiCalls.find((call) => call.method === 'GET' && call.url === `${system.gateway}/movies`);
    assert.ok(list, `the page called the HTTP API: ${JSON.stringify(apiCalls)}`);
    assert.equal(list.status, 200);
    assert.ok(list.requestId, 'answered through the HTTP API (apigw-requestid)');
    assert.equal(list.allowOrigin, origin);

    // A JSON POST is not a simple request: Chromium preflights it, and goes on only if it is admitted.
    await page.locator('input[name="title"]').fill('Heat');
    await page.locator('input[name="year"]').fill('1995');
    await page.locator('button[type="submit"]').click();
    await page.locator('#add-result[data-state="added"]').waitFor({ timeout: 10_000 });
    assert.match((await page.locator('#add-result').textContent()) ?? '', /^Added #\d+: Heat$/);
    assert.ok(apiCalls.some((call) => call.method === 'POST' && call.status === 201), `the POST went through: ${JSON.stringify(apiCalls)}`);
    await screenshot(page, 'cloudmap-front-end');

    // The browser itself refuses the response to a page of any other origin.
    const other = await browser.page(elsewhere.url);
    const outcome = await other.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'read';
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    }, `${system.gateway}/movies`);
    assert.match(outcome, /^refused: TypeError/);
  } finally {
    await browser.close().finally(() => Promise.all([system.stop(), elsewhere.close()]));
  }
});
