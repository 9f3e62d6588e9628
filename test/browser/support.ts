/**
 * The browser tests' toolkit: Debian's Chromium driven by playwright-core (Playwright's own
 * browser download cannot work here), console errors collected per page, an accessibility check
 * with axe, and screenshots saved as test artifacts (test-results/screenshots/; with
 * UPDATE_SCREENSHOTS=1 also into docs/screenshots/ for the README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_PATH } from '../../scripts/system-packages';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = path.join(ROOT, 'test-results', 'screenshots');
const DOCS = path.join(ROOT, 'docs', 'screenshots');

/** Chromium with a fresh temporary profile (Playwright makes one per launch) and nothing that phones home. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (npm test installs it), or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
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
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions of the page so far. */
  errors: string[];
  /** Fails the test if the page logged an error (the expected ones named by a pattern are left out). */
  expectNoErrors(allowed?: RegExp): void;
}

export async function openPage(browser: Browser, options: { width?: number; height?: number } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return {
    page,
    context,
    errors,
    expectNoErrors(allowed) {
      const left = errors.filter((line) => !allowed?.test(line));
      expect(left, 'errors in the browser console').toEqual([]);
      errors.length = 0;
    },
  };
}

export async function signInWithToken(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Shows `server` where the console has several Plesk servers to choose from (test files share one
 * database, so an admin sees every file's server); the browser remembers the choice.
 */
export async function chooseServer(page: Page, server: string): Promise<void> {
  const choice = page.getByRole('combobox', { name: /^Plesk server/ });
  if ((await choice.count()) > 0) await choice.selectOption(server);
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // Let fonts and the last re-render settle: the picture is for people, not for assertions.
  await page.evaluate('document.fonts.ready');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true, animations: 'disabled', caret: 'hide' });
  if (process.env.UPDATE_SCREENSHOTS) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
  }
}

/** axe-core on the page as it is: no serious or critical violation of WCAG 2.1 A and AA. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/** Waits (bounded) until `check` holds, polling; returns its last value. */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  seconds = 60,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${seconds} s waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(everyMs);
  }
}

/** The text as shown (innerText: terms and values apart), whitespace collapsed. */
export const textOf = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
