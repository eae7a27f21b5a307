/**
 * Real headless Chromium for the console's browser tests: Debian's `chromium` package (apt-get
 * install chromium; CI installs it in .ci/run), driven by playwright-core, which downloads no
 * browser. Where there is no Chromium the tests are skipped, and say so.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.GATELINK_CHROMIUM ?? '/usr/bin/chromium';

/** Undefined when the browser tests can run; else why they are skipped. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set GATELINK_CHROMIUM): the console's browser tests are skipped`;
  console.log(`# ${reason}`);
  return reason;
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  readonly context: BrowserContext;
  page(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh profile each time (`--user-data-dir`), removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'gatelink-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  return {
    context,
    page: async (url) => {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`errors on the page: ${errors.join('; ')}`);
    },
  };
}

/** Saves a screenshot of the page to $GATELINK_SCREENSHOTS/<name>.png when that is set (docs/console/ is made this way). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.GATELINK_SCREENSHOTS;
  if (!dir) return;
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
