/**
 * The web console for Plesk's customers, signed in from inside Plesk: the extension's PHP code
 * signs the hand-off, the browser follows it. A reseller sees only its own subtree and cannot
 * open another reseller's account by its URL; its template preferences appear once allowed. A
 * mailbox sees only "Switch to VoipNow", which logs it in to VoipNow.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';
import { handoffPath, requirePhp } from '../support/plesk-extension';
import { expectAccessible, launchChromium, openPage, screenshot, textOf, until, type WatchedPage } from './support';

const SECRET = 'browser-test-shared-secret-0123456789abcdef';

describe('the web console for resellers and mailboxes signed in from Plesk', () => {
  let stack: ApiStack;
  let browser: Browser;
  let server: string;
  const admin = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    stack.app.inject({ method, url, headers: stack.headers('admin'), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    requirePhp();
    stack = await startApiStack({ listen: true });
    server = stack.pleskServer;
    expect((await admin('PUT', `/api/v1/settings/${server}/plesk-extension`, { secret: SECRET })).statusCode).toBe(200);
    // Reseller 2's subtree replicated, so that its mailboxes can switch to VoipNow.
    const started = (
      await admin('POST', '/api/v1/bulk-replications', { scope: 'subtree', root: keyToString(stack.accounts.reseller) })
    ).json();
    await until(
      async () => (await admin('GET', started.progressUrl)).json(),
      (body) => body.status !== 'running',
      'the bulk replication of reseller 2',
      120,
    );
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.closeAll();
  });

  async function signInFromPlesk(w: WatchedPage, client: Parameters<typeof handoffPath>[0]['client']): Promise<void> {
    await w.page.goto(`${stack.baseUrl}${await handoffPath({ client, server, secret: SECRET })}`);
    await w.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(w.page.url()).pathname).toBe('/console/');
  }

  it("a reseller signed in through the Plesk hand-off sees only its own subtree, and another reseller's account not even by URL", async () => {
    const w = await openPage(browser);
    try {
      const { page } = w;
      await signInFromPlesk(w, { reseller: true, id: Number(stack.accounts.reseller.pleskId), login: 'res2', pname: 'Reseller Two' });
      await page.getByText('Reseller Two').first().waitFor();
      const table = page.getByRole('table', { name: 'Clients and resellers' });
      const own = (await admin('GET', `/api/v1/accounts/${server}`))
        .json()
        .items.filter((item: { account: string; owner: string }) =>
          [item.account, item.owner].includes(keyToString(stack.accounts.reseller)),
        );
      await until(
        () => table.locator('tbody tr').count(),
        (n) => n === own.length,
        'its own accounts',
      );
      const names = await table.locator('tbody tr td[data-label="Name"] a').allInnerTexts();
      expect(names.sort()).toEqual(own.map((item: { name: string }) => item.name).sort());
      expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Discovery' }).count()).toBe(0);
      await screenshot(page, 'reseller-clients-and-resellers');
      await expectAccessible(page, 'Clients & Resellers of a reseller');

      const other = keyToString(stack.accounts.otherReseller);
      await page.goto(`${stack.baseUrl}/console/accounts/${other}`);
      await page.getByRole('alert').getByText(`Account ${other} not found`).waitFor();
      await page.goto(`${stack.baseUrl}/console/accounts/${keyToString(stack.accounts.otherClient)}/domains`);
      await page.getByRole('alert').first().waitFor();
      expect(await page.locator('table').count()).toBe(0);
      await page.goto(`${stack.baseUrl}/console/settings`);
      await page.getByText('Only admins may see this page.').waitFor();

      await page.goto(`${stack.baseUrl}/console/accounts/${keyToString(stack.accounts.client)}`);
      await page.getByText(/^Replicated with VoipNow id \d+$/).waitFor();
      expect(await page.getByRole('button', { name: 'Unlink' }).count(), 'unlinking is for admins').toBe(0);
      // The API answers 404 for the other reseller's account, which Chromium reports as a failed load.
      w.expectNoErrors(/status of 404/);
    } finally {
      await w.context.close();
    }
  });

  it('a reseller chooses its own templates once the settings allow it', async () => {
    const w = await openPage(browser);
    try {
      const { page } = w;
      await signInFromPlesk(w, { reseller: true, id: Number(stack.accounts.reseller.pleskId), login: 'res2', pname: 'Reseller Two' });
      await page.getByRole('link', { name: 'Templates' }).click();
      await page.getByText('Your administrator has not allowed resellers and clients to choose their own templates.').waitFor();
      expect((await admin('PATCH', `/api/v1/settings/${server}`, { allowCustomerTemplates: true })).statusCode).toBe(200);
      await page.reload();
      const domains = page.getByLabel('Template of its domains (VoipNow clients)');
      await domains.selectOption({ label: 'Business client' });
      await page.getByRole('button', { name: 'Save template preferences' }).click();
      await page.getByText('Template preferences saved.').waitFor();
      const saved = (await admin('GET', `/api/v1/accounts/${keyToString(stack.accounts.reseller)}/templates`)).json();
      expect(saved).toMatchObject({ allowed: true, client: 'Business client', extension: null });
      await screenshot(page, 'reseller-templates');
      await expectAccessible(page, 'Templates of a reseller');
      w.expectNoErrors();
    } finally {
      await w.context.close();
    }
  });

  it('a mailbox sees only "Switch to VoipNow", which logs it in to VoipNow', async () => {
    const w = await openPage(browser);
    try {
      const { page } = w;
      const mailbox = await stack.db.pleskAccount.findUniqueOrThrow({
        where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'mailbox', pleskId: stack.accounts.mailbox.pleskId } },
      });
      await signInFromPlesk(w, { login: mailbox.login! });
      const main = page.getByRole('main');
      await main.getByRole('button', { name: 'Switch to VoipNow' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await page.locator('table').count()).toBe(0);
      const buttons = await page.getByRole('button').allInnerTexts();
      expect(buttons.sort()).toEqual(['Sign out', 'Switch to VoipNow']);
      expect(await page.getByRole('link').allInnerTexts()).toEqual(['Skip to content', 'Plesk → VoipNow sync']);
      await screenshot(page, 'mailbox');
      await expectAccessible(page, 'the mailbox screen');
      // Another screen's URL shows the same, and the API refuses the mailbox everything but the switch.
      await page.goto(`${stack.baseUrl}/console/log`);
      await main.getByRole('button', { name: 'Switch to VoipNow' }).waitFor();
      expect(await page.locator('table').count()).toBe(0);
      w.expectNoErrors();

      await main.getByRole('button', { name: 'Switch to VoipNow' }).click();
      await page.waitForURL((url) => url.origin === new URL(stack.voipnow.url).origin, { timeout: 30_000 });
      expect(await textOf(page.locator('#who'))).toMatch(/^Logged in as .+ \(extension\)$/);
    } finally {
      await w.context.close();
    }
  });
});
