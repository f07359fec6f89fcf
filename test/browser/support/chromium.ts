/**
 * Debian's chromium driven by playwright-core (which downloads no browser): one browser per test file, a
 * fresh context per test, and screenshots of each inspector panel when a test fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The browser binary: Debian's package, or POP_TEST_CHROMIUM. */
export const CHROMIUM = process.env.POP_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the suite can run here (`.ci/run` installs chromium when it is missing). */
export const chromiumAvailable = existsSync(CHROMIUM);

/** Flags for a quiet, offline, sandbox-free headless browser in a container. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts chromium on a fresh temporary profile (playwright's own, removed on close). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/** Where failure screenshots go: test-results/browser/<test name>/. */
export const SCREENSHOT_ROOT = join(process.cwd(), 'test-results', 'browser');

const PANELS = [
  '#scopes-panel',
  '#records-panel',
  '#log-panel',
  '#faults-panel',
  '#locked',
  '#drawer',
] as const;

/** The whole page and each visible panel, as PNGs under `dir`. Never throws: it runs after a failure. */
export async function screenshotPanels(page: Page, dir: string): Promise<string[]> {
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    const full = join(dir, 'page.png');
    await page.screenshot({ path: full, fullPage: true });
    written.push(full);
    for (const selector of PANELS) {
      const panel = page.locator(selector);
      if (!(await panel.isVisible())) continue;
      const file = join(dir, `${selector.slice(1)}.png`);
      await panel.screenshot({ path: file });
      written.push(file);
    }
  } catch {
    // A page that crashed or closed leaves what was written so far.
  }
  return written;
}
