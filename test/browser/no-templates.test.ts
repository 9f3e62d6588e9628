/**
 * Replicating from the console when VoipNow has no templates: the console asks the manual's
 * question, creates nothing when the answer is no, and replicates with no permissions or limits
 * when it is yes.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';
import { chooseServer, expectAccessible, launchChromium, openPage, screenshot, signInWithToken, textOf, type WatchedPage } from './support';

const QUESTION =
  'There are no templates for client replication. The client will be replicated with no permissions or limits. Do you want to proceed?';

describe('replicating when VoipNow has no templates', () => {
  let stack: ApiStack;
  let browser: Browser;
  let w: WatchedPage;

  beforeAll(async () => {
    stack = await startApiStack({ listen: true, templates: false });
    browser = await launchChromium();
    w = await openPage(browser);
    await signInWithToken(w.page, stack.baseUrl, ADMIN_TOKEN);
    await chooseServer(w.page, stack.pleskServer);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.closeAll();
  });

  it('asks the manual\'s question, creates nothing on "No", and replicates with no permissions or limits on "Yes"', async () => {
    const { page } = w;
    expect(stack.voipnow.state.templates).toEqual([]);
    const accountsBefore = stack.voipnow.state.accounts.length;
    await page.goto(`${stack.baseUrl}/console/accounts/${stack.pleskServer}/client/8`);
    const dialog = page.getByRole('dialog');

    await page.getByRole('button', { name: 'Replicate to a new VoipNow account' }).click();
    await dialog.getByRole('button', { name: 'Replicate' }).click();
    await dialog.getByText(QUESTION, { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'No' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(stack.voipnow.state.accounts.length).toBe(accountsBefore);

    await page.getByRole('button', { name: 'Replicate to a new VoipNow account' }).click();
    await dialog.getByRole('button', { name: 'Replicate' }).click();
    await dialog.getByText(QUESTION, { exact: true }).waitFor();
    await screenshot(page, 'replicate-no-template-question', { fullPage: false });
    await expectAccessible(page, 'the no-template question');
    await dialog.getByRole('button', { name: 'Yes, replicate without a template' }).click();
    await page.getByText(/created VoipNow reseller #\d+ with no template\./).waitFor();
    const voipnowId = Number(/(\d+)$/.exec(await textOf(page.locator('.linked strong')))?.[1]);
    const created = stack.voipnow.state.account(voipnowId)!;
    expect(created.templateID).toBeUndefined();
    // No permissions, and every limit 0 (a limit the account does not name counts as 0).
    expect(created.permissions).toEqual([]);
    expect(Object.values(created.limits).every((v) => v === 0)).toBe(true);
    // The question is the API's 422 answer, which Chromium reports as a failed load.
    w.expectNoErrors(/status of 422/);
  });
});
