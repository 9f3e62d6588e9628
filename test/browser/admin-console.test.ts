/**
 * The web console in a real browser, as an admin signed in with the admin token, against the
 * real engine (API, worker, Temporal, PostgreSQL, the Plesk and VoipNow simulators): the
 * Clients & Resellers view, settings and "Check connection", replicating a client with a chosen
 * template, a bulk replication with its live progress bar, recursive unlink, the replication log,
 * discovery, and the phone layout. Every screen is checked with axe and photographed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDiscoverySchedule } from '../../temporal/schedule';
import { discoveryScheduleId } from '../../domain/workflow-ids';
import type { Prisma } from '../../db/generated/client';
import { startPleskSimulator } from '../../simulators/plesk';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';
import {
  chooseServer,
  expectAccessible,
  launchChromium,
  openPage,
  screenshot,
  signInWithToken,
  textOf,
  until,
  type WatchedPage,
} from './support';

/** Client 8 of the estate (seed 7) belongs to the Plesk admin and has clean data. */
const ADMINS_CLIENT = '8';

describe('the web console for an admin', () => {
  let stack: ApiStack;
  let browser: Browser;
  let w: WatchedPage;
  let server: string;
  const api = async (method: 'GET' | 'PATCH', url: string, payload?: object) =>
    (await stack.app.inject({ method, url, headers: stack.headers('admin'), ...(payload ? { payload } : {}) })).json();

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    server = stack.pleskServer;
    browser = await launchChromium();
    w = await openPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.temporal.schedule
      .getHandle(discoveryScheduleId(stack.pleskServer))
      .delete()
      .catch(() => undefined);
    await stack?.closeAll();
  });

  it('signs in with the admin token and lists every Plesk reseller and client with their counts', async () => {
    const { page } = w;
    await page.goto(`${stack.baseUrl}/console/`);
    await screenshot(page, 'sign-in');
    await expectAccessible(page, 'the sign-in page');
    await signInWithToken(page, stack.baseUrl, ADMIN_TOKEN);
    await chooseServer(page, server);
    await page.getByRole('heading', { name: 'Clients & Resellers' }).waitFor();
    const listing = await api('GET', `/api/v1/accounts/${server}`);
    const rows = page.getByRole('table', { name: 'Clients and resellers' }).locator('tbody tr');
    await until(
      () => rows.count(),
      (n) => n === listing.total,
      'the listing rows',
    );
    expect(listing.total).toBe(7);
    for (const item of listing.items as { name: string }[]) await rows.filter({ hasText: item.name }).first().waitFor();
    const reseller = listing.items.find((item: { account: string }) => item.account === `${server}/reseller/2`);
    const row = rows.filter({ hasText: reseller.name });
    expect(await row.getByRole('link', { name: new RegExp(`Domains of .*, all: ${reseller.domains.all}$`) }).count()).toBe(1);
    expect(await textOf(page.locator('dl.summary'))).toContain('Resellers 2 all · 0 replicated');
    await screenshot(page, 'clients-and-resellers-before-replication');
    await expectAccessible(page, 'Clients & Resellers');

    await page.getByLabel('State').selectOption('not-replicated');
    await until(
      async () => page.url(),
      (url) => url.includes('state=not-replicated'),
      'the state filter in the URL',
    );
    await page.getByLabel('Name, login or e-mail').fill('res-');
    await page.getByRole('button', { name: 'Search' }).click();
    await until(
      () => rows.count(),
      (n) => n === 2,
      'the two resellers found by "res-"',
    );
    w.expectNoErrors();
  });

  it('edits a setting and shows the VoipNow server\'s brief information on "Check connection"', async () => {
    const { page } = w;
    await page.getByRole('link', { name: 'Settings' }).click();
    const manual = page.getByRole('group', { name: 'Manual replication templates' });
    const field = manual.getByLabel('Template for Resellers and clients (VoipNow resellers)');
    expect(await field.inputValue()).toBe('Reseller');
    await field.fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect((await api('GET', `/api/v1/settings/${server}`)).manualReplication.templates.reseller).toBeNull();
    await page.reload();
    expect(
      await page
        .getByRole('group', { name: 'Manual replication templates' })
        .getByLabel('Template for Resellers and clients (VoipNow resellers)')
        .inputValue(),
    ).toBe('');

    await page.getByRole('button', { name: 'Check connection' }).click();
    await page.getByText('VoipNow answered and accepted the credentials.').waitFor();
    expect(await textOf(page.locator('.notice-success dl'))).toContain('Version 2.5.1');
    await screenshot(page, 'settings');
    await expectAccessible(page, 'Settings');
    w.expectNoErrors();
  });

  it('replicates a client to a new VoipNow account with the template the admin chooses', async () => {
    const { page } = w;
    await page.goto(`${stack.baseUrl}/console/accounts/${server}/client/${ADMINS_CLIENT}`);
    await page.getByRole('button', { name: 'Replicate to a new VoipNow account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Replicate' }).click();
    // No template is set for manual replication (previous test): the user chooses one that exists.
    const choice = dialog.getByLabel('Template');
    await choice.waitFor();
    const options = await choice.locator('option').allTextContents();
    expect(options).toContain('Reseller');
    await screenshot(page, 'replicate-choose-template', { fullPage: false });
    await expectAccessible(page, 'the template choice');
    await choice.selectOption({ label: 'Reseller' });
    await dialog.getByRole('button', { name: 'Replicate with this template' }).click();
    await page.getByText(/created VoipNow reseller #\d+ with template “Reseller”/).waitFor();
    const linked = await textOf(page.locator('.linked strong'));
    const voipnowId = Number(/^Replicated with VoipNow id (\d+)$/.exec(linked)?.[1]);
    expect(voipnowId).toBeGreaterThan(0);
    const template = stack.voipnow.state.templates.find((t) => t.name === 'Reseller')!;
    expect(stack.voipnow.state.account(voipnowId)?.templateID).toBe(template.ID);
    await page.getByRole('table', { name: 'Attempts' }).getByText('succeeded').waitFor();
    await screenshot(page, 'account');
    await expectAccessible(page, 'one account');
    // The template question is the API's 409 answer, which Chromium reports as a failed load.
    w.expectNoErrors(/status of 409/);
  });

  it('plans a bulk replication of the whole estate, then runs the plan to completion, the progress bar moving on the way', async () => {
    const { page } = w;
    // A slower VoipNow, so that the run takes seconds and its progress can be watched.
    stack.voipnow.configure({ latencyMs: 80, concurrency: 2 });
    try {
      await page.getByRole('link', { name: 'Bulk replication' }).click();
      await page.getByLabel(`The whole estate of ${server}`).check();
      await page.getByRole('button', { name: 'See the plan' }).click();
      const planId = await until(
        async () => new URL(page.url()).searchParams.get('plan'),
        (id) => id !== null,
        'the plan in the URL',
      );
      await page.getByRole('button', { name: 'Run this plan' }).waitFor({ timeout: 60_000 });
      // The screen shows the plan the API computed: per level, what would be created and what would fail.
      const plan = await api('GET', `/api/v1/plans/${planId}?limit=1`);
      expect(plan.state).toBe('ready');
      expect(plan.totals.byAction.create).toBeGreaterThan(0);
      for (const level of ['resellers', 'domains', 'mailboxes'])
        for (const action of ['create', 'fail'])
          expect(Number(await page.locator(`[data-plan="${level}-${action}"]`).textContent()), `${level} ${action}`).toBe(
            plan.totals.byLevel[level][action],
          );
      await page.getByRole('heading', { name: 'Predicted failures' }).waitFor();
      await page.getByRole('button', { name: 'Next page' }).first().click();
      await page.getByText(/Accounts 26–/).waitFor();
      await screenshot(page, 'bulk-plan', { fullPage: true });
      await expectAccessible(page, 'the plan of a bulk replication');
      await page.getByRole('button', { name: 'Run this plan' }).click();
      await until(
        async () => page.url(),
        (url) => url.includes('ran=1'),
        'the plan’s run in the URL',
      );
      const progress = page.locator('#bulk-progress');
      const bar = async () => ({ value: Number(await progress.getAttribute('value')), max: Number(await progress.getAttribute('max')) });
      await progress.waitFor({ timeout: 60_000 });
      const midway = await until(bar, (b) => b.max > 1 && b.value > 0 && b.value < b.max, 'the progress bar part-way', 90, 50);
      await screenshot(page, 'bulk-running');
      await page.getByRole('heading', { name: 'Bulk replication finished' }).waitFor({ timeout: 120_000 });
      const counter = async (name: string) => Number(await page.locator(`[data-counter="${name}"]`).textContent());
      const [done, failed, skipped, remaining] = [
        await counter('done'),
        await counter('failed'),
        await counter('skipped'),
        await counter('remaining'),
      ];
      const end = await bar();
      expect(midway.value).toBeLessThan(end.value);
      expect(end.value).toBe(end.max);
      expect(done + failed + skipped).toBe(end.max);
      expect(remaining).toBe(0);
      expect(done).toBeGreaterThan(0);
      // Per level, the counts add up to the whole.
      const level = async (name: string) => Number(await page.locator(`[data-level="${name}"]`).textContent());
      let levelsDone = 0;
      for (const name of ['resellers', 'domains', 'mailboxes']) {
        levelsDone += await level(`${name}-done`);
        expect(await level(`${name}-remaining`), `${name} remaining`).toBe(0);
      }
      expect(levelsDone).toBe(done);
      // The estate holds the bad data the spec names: some accounts fail, with a way to their reasons.
      expect(failed).toBeGreaterThan(0);
      await page.getByRole('link', { name: 'Open the failures in the replication log' }).waitFor();
      await screenshot(page, 'bulk-finished');
      await expectAccessible(page, 'Bulk replication');
      await page.getByRole('link', { name: 'Clients & Resellers' }).click();
      await page.getByRole('table', { name: 'Clients and resellers' }).getByText('Failed').first().waitFor();
      await screenshot(page, 'clients-and-resellers');
      await expectAccessible(page, 'Clients & Resellers with replicated and failed accounts');
      w.expectNoErrors();
    } finally {
      stack.voipnow.configure({ latencyMs: 0, concurrency: 0 });
    }
  }, 240_000);

  it('unlinks a reseller and everything below it, leaving VoipNow as it was', async () => {
    const { page } = w;
    const below: Prisma.AccountLinkWhereInput = {
      pleskServer: server,
      OR: [
        { kind: 'reseller', pleskId: '2' },
        { kind: 'client', pleskId: '6' },
        { kind: 'domain', pleskId: '2' },
        { kind: 'mailbox', pleskId: { startsWith: '2.' } },
      ],
    };
    const before = await stack.db.accountLink.findMany({ where: below });
    expect(before.length).toBeGreaterThan(2);
    const voipnowAccounts = stack.voipnow.state.accounts.length;
    await page.goto(`${stack.baseUrl}/console/accounts/${server}/reseller/2`);
    await page.getByText(/^Replicated with VoipNow id \d+$/).waitFor();
    await page.getByRole('button', { name: 'Unlink with everything below' }).click();
    const dialog = page.getByRole('dialog');
    expect(await textOf(dialog)).toContain('Nothing is deleted or changed in VoipNow');
    await dialog.getByRole('button', { name: 'Unlink all' }).click();
    await page.getByText(`${before.length} links removed`, { exact: false }).waitFor();
    expect(await stack.db.accountLink.count({ where: below })).toBe(0);
    expect(stack.voipnow.state.accounts.length).toBe(voipnowAccounts);
    for (const link of before) expect(stack.voipnow.state.account(link.voipnowId)).toBeDefined();
    await page.getByText('Not replicated').first().waitFor();

    // And back: link the reseller to the VoipNow account it had, which is still there.
    const reseller = before.find((link) => link.kind === 'reseller')!;
    await page.getByRole('button', { name: 'Link to an existing VoipNow account' }).click();
    await dialog.getByLabel('VoipNow ID').fill(String(reseller.voipnowId));
    await dialog.getByRole('button', { name: 'Link' }).click();
    await page.getByText(`Linked with VoipNow id ${reseller.voipnowId}`).waitFor();
    expect(
      await stack.db.accountLink.count({
        where: { pleskServer: server, kind: 'reseller', pleskId: '2', voipnowId: reseller.voipnowId, origin: 'linked' },
      }),
    ).toBe(1);
    w.expectNoErrors();
  });

  it('retries a failed account and shows its reason with what to do about it', async () => {
    const { page } = w;
    // Client 5's e-mail address is not one ("simon.schmidt at example.com"): a data error, which retrying does not heal.
    await page.goto(`${stack.baseUrl}/console/accounts/${server}/client/5`);
    await page.locator('.link-state').getByText('Failed').waitFor();
    const attempts = page.getByRole('table', { name: 'Attempts' }).locator('tbody tr');
    const before = await attempts.count();
    await page.getByRole('button', { name: 'Retry now' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Retry now' }).click();
    // No manual template for its level since the settings test: the template is asked for again.
    await dialog.getByLabel('Template').selectOption({ label: 'Reseller' });
    await dialog.getByRole('button', { name: 'Replicate with this template' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Invalid email address.').waitFor();
    await alert.getByText('Fix the email in Plesk, then retry.').waitFor();
    await alert.getByRole('link', { name: /Open in the Temporal Web UI/ }).waitFor();
    await until(
      () => attempts.count(),
      (n) => n > before,
      'the new attempts',
    );
    await attempts.first().getByText('Fix the email in Plesk, then retry.').waitFor();
    // The question and the failure are the API's 409 and 422 answers, which Chromium reports as failed loads.
    w.expectNoErrors(/status of (409|422)/);
  });

  it('shows the replication log newest first with error icons, filters it by level and follows it live', async () => {
    const { page } = w;
    await page.getByRole('link', { name: 'Replication log' }).click();
    const table = page.getByRole('table', { name: 'Replication log' });
    await table.locator('tbody tr').first().waitFor();
    // Newest first as the log records it (by entry; writers a millisecond apart may interleave their clocks).
    const log = await api('GET', `/api/v1/log?pleskServer=${server}&limit=100`);
    const shown = await table.locator('tbody tr td[data-label="Message"]').allInnerTexts();
    expect(shown.length).toBeGreaterThan(5);
    // Each error with what the admin should do about it (product spec section 5).
    const withAdvice = (item: { message: string; advice: string | null }) =>
      item.advice ? `${item.message}\n${item.advice}` : item.message;
    expect(shown).toEqual((log.items as { message: string; advice: string | null }[]).map(withAdvice).slice(0, shown.length));
    expect(Date.parse(log.items[0].at)).toBeGreaterThan(Date.parse(log.items.at(-1).at));
    const errorRows = table.locator('tbody tr.row-error');
    expect(await errorRows.count()).toBeGreaterThan(0);
    expect(await errorRows.first().locator('svg.icon-error').count()).toBe(1);
    await screenshot(page, 'log', { fullPage: false });
    await expectAccessible(page, 'the replication log');

    await page.getByLabel('Level').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await until(
      async () => page.url(),
      (url) => url.includes('level=error'),
      'the level filter',
    );
    await until(
      async () => (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.className))).every((c) => c === 'row-error'),
      Boolean,
      'only errors',
    );

    await page.getByLabel('Level').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await until(
      async () => page.url(),
      (url) => !url.includes('level='),
      'no level filter',
    );
    await page.getByLabel('Follow live').check();
    await api('PATCH', `/api/v1/settings/${server}`, { soap: { timeoutSeconds: 29 } });
    await table.locator('tbody tr').first().getByText(`Settings of ${server} changed`).waitFor();
    w.expectNoErrors();
  });

  it("shows discovery's schedule, and pauses, resumes and runs it now", async () => {
    const { page } = w;
    await ensureDiscoverySchedule(stack.temporal, { pleskServer: server, taskQueue: stack.taskQueue });
    await page.getByRole('link', { name: 'Discovery' }).click();
    const schedule = page.getByRole('region', { name: 'Schedule' });
    await schedule.getByText('Active', { exact: true }).waitFor();
    await page.getByLabel('Why (for the other admins, optional)').fill('Plesk maintenance tonight');
    await page.getByRole('button', { name: 'Pause' }).click();
    await schedule.getByText('Paused', { exact: true }).waitFor();
    await schedule.getByText('Plesk maintenance tonight').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await schedule.getByText('Active', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('region', { name: 'Last run' }).getByText('completed', { exact: true }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'discovery');
    await expectAccessible(page, 'Discovery');
    w.expectNoErrors();
  }, 120_000);

  it('adds a Plesk server in Settings (its discovery starts, the header offers it) and removes it after a confirmation', async () => {
    const own = await openPage(browser);
    const { page } = own;
    const second = await startPleskSimulator({ login: 'admin', password: 'Plesk-Console-2026', estate: { size: 30, seed: 7 } });
    const name = `${server}-ui`;
    /** How many times the header's server switch offers `plesk`. */
    const offeredInHeader = (plesk: string) =>
      page
        .getByRole('combobox', { name: /^Plesk server/ })
        .locator('option', { hasText: plesk })
        .count();
    try {
      await signInWithToken(page, stack.baseUrl, ADMIN_TOKEN);
      await chooseServer(page, server);
      await page.getByRole('link', { name: 'Settings' }).click();
      const card = page.getByRole('region', { name: 'Plesk servers' });
      await card.getByRole('cell', { name: server, exact: true }).first().waitFor(); // its name, and its SOAP tag
      await card.getByLabel('Short name').fill(name);
      await card.getByLabel('Plesk URL').fill(second.url);
      await card.getByLabel('Plesk admin password').fill('Plesk-Console-2026');
      await card.getByLabel('VoipNow login suffix (optional)').fill('-ui');
      await card.getByRole('button', { name: 'Add the server' }).click();
      await card.getByText(`Plesk server ${name} is registered: its discovery runs now and every 5 minutes.`).waitFor();
      await card.getByRole('cell', { name, exact: true }).first().waitFor();
      // Its first discovery ran on the worker, and the header offers it at once.
      await until(
        async () => (await stack.db.settings.findUnique({ where: { pleskServer: name } }))?.baselineAt ?? null,
        (at) => at !== null,
        `the first discovery of ${name}`,
      );
      expect(await offeredInHeader(name)).toBe(1);
      expect(await page.getByLabel('Plesk admin password').inputValue()).toBe('');
      await screenshot(page, 'settings-plesk-servers');
      await expectAccessible(page, 'Settings with the Plesk servers');

      const row = card.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }).first() });
      await row.getByRole('button', { name: 'Remove…' }).click();
      await card.getByText(`Removing ${name} stops its discovery`).waitFor();
      await row.getByRole('button', { name: `Remove ${name}` }).click();
      await card.getByText(`Plesk server ${name} is removed: its discovery stopped; its links and history stay.`).waitFor();
      await row.getByText('Removed').waitFor();
      expect(await offeredInHeader(name)).toBe(0);
      expect((await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: name } })).removedAt).not.toBeNull();
      own.expectNoErrors();
    } finally {
      await page.close();
      await second.close();
    }
  }, 120_000);

  it('serves the interactive API documentation under the security headers without a violation', async () => {
    const { page } = w;
    await page.goto(`${stack.baseUrl}/docs`);
    await until(
      () => page.locator('.opblock').count(),
      (n) => n > 20,
      'the documented operations',
    );
    w.expectNoErrors();
  });

  it("works at a phone's width: rows become labelled cards and nothing needs sideways scrolling", async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    try {
      await signInWithToken(phone.page, stack.baseUrl, ADMIN_TOKEN);
      await chooseServer(phone.page, server);
      await phone.page.getByRole('table', { name: 'Clients and resellers' }).locator('tbody tr').first().waitFor();
      const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(phone.page, 'phone-clients-and-resellers', { fullPage: false });
      await expectAccessible(phone.page, 'Clients & Resellers on a phone');
      await phone.page.goto(`${stack.baseUrl}/console/accounts/${server}/client/${ADMINS_CLIENT}`);
      await phone.page.getByText(/^Replicated with VoipNow id \d+$/).waitFor();
      await screenshot(phone.page, 'phone-account', { fullPage: false });
      phone.expectNoErrors();
    } finally {
      await phone.context.close();
    }
  });
});
