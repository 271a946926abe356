// Headless Chromium for the console's browser tests (playwright-core drives the system Chromium).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether a suite's browser tests run: when Chromium is installed, and always on CI (where its absence must fail). */
export function browserTestsRun(suite: string): boolean {
  const run = existsSync(CHROMIUM) || Boolean(process.env.CI);
  if (!run) console.warn(`${suite} tests not run: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return run;
}

/** Launches Chromium before the enclosing describe's tests and closes it after them. */
export function useChromium(): {
  browser(): Browser;
  openPage(url: string): Promise<{ page: Page; errors: string[] }>;
} {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const current = () => {
    if (!browser) throw new Error('Chromium is not running: useChromium() must be called inside a describe');
    return browser;
  };
  return {
    browser: current,
    /** A new page at `url`, with the page's uncaught errors collected. */
    async openPage(url) {
      const page = await current().newPage({ viewport: { width: 1280, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(url);
      return { page, errors };
    },
  };
}
