/**
 * Headless Debian Chromium through puppeteer (which mermaid-cli brings): never a downloaded
 * browser, no network chatter, and always closed, so no chromium process outlives a test.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';

export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

export const hasChromium = (): boolean => existsSync(CHROMIUM);

/** Runs `fn` with a fresh browser and closes it whatever happens. */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close().catch(() => undefined);
    // close() can fail on a crashed browser: make sure the process is gone.
    const proc = browser.process();
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  }
}
