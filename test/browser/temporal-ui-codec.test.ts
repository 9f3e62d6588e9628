/**
 * The Temporal Web UI decodes the engine's encrypted payloads for an admin signed in to the
 * console: the UI's codec setting (endpoint /codec, credentials included) sends the console's
 * session cookie, and nothing else opens the payloads (no loopback trust here: the engine runs
 * against an external Temporal, as in production).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';
import { launchChromium, openPage, screenshot, signInWithToken, until } from './support';

describe("the Temporal Web UI with the console's session", () => {
  let stack: ApiStack;
  let browser: Browser;
  let console: string;
  let execution: { workflowId: string; runId: string };

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    expect(stack.config.CODEC_TRUST_LOCAL_UI).toBe(false);
    // The Web UI of the test's dev server is at http://localhost:<port>; the console on the same
    // site (localhost, another port), as the UI and the console would share a domain in production.
    console = stack.baseUrl.replace('127.0.0.1', 'localhost');
    const reply = await stack.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${stack.pleskServer}/client/8/replicate?wait=20`,
      headers: stack.headers('admin'),
    });
    expect(reply.statusCode, reply.body).toBe(200);
    execution = reply.json();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.closeAll();
  });

  /** Opens the execution's history in the Web UI with the codec set as the README says; the statuses of its decode calls. */
  async function openHistory(page: Page): Promise<number[]> {
    const ui = stack.config.temporalUiUrl;
    const statuses: number[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${console}/codec/decode`) && response.request().method() === 'POST') statuses.push(response.status());
    });
    await page.goto(`${ui}/namespaces/default/workflows`);
    // The Web UI keeps its codec setting (Settings → Codec Server) in the browser's local storage.
    await page.evaluate(`(() => {
      localStorage.setItem('endpoint', JSON.stringify('${console}/codec'));
      localStorage.setItem('includeCredentials', 'true');
      localStorage.setItem('passAccessToken', 'false');
      localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
    })()`);
    await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(execution.workflowId)}/${execution.runId}/history`);
    await until(
      async () => statuses.length,
      (n) => n > 0,
      'a call to the codec endpoint',
      60,
    );
    return statuses;
  }

  it('shows the workflow input in clear to an admin signed in to the console', async () => {
    const w = await openPage(browser);
    try {
      await signInWithToken(w.page, console, ADMIN_TOKEN);
      const statuses = await openHistory(w.page);
      expect(statuses.every((status) => status === 200)).toBe(true);
      // The decoded input says how the account was replicated; encrypted, it is only binary/encrypted bytes.
      await w.page
        .getByText(/"mode":\s*"manual"/)
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(w.page, 'temporal-web-ui-decoded');
    } finally {
      await w.context.close();
    }
  });

  it('decodes nothing for a browser without a console session', async () => {
    const w = await openPage(browser);
    try {
      const statuses = await openHistory(w.page);
      expect(statuses).toContain(401);
      expect(statuses).not.toContain(200);
      expect(await w.page.getByText(/"mode":\s*"manual"/).count()).toBe(0);
    } finally {
      await w.context.close();
    }
  });
});
