import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REASONS, replicationWorkflowId, type AccountKey } from '../../domain';
import { replicateAccount } from '../../workflows';
import { pleskAdmin } from '../support/plesk-admin';
import { attemptsOf, logOf, replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

/**
 * Each of the nine failure reasons of the spec, provoked through the simulators: the exact words
 * in the attempt and the log; data errors stop after one try and heal after a fix; transport
 * faults are retried. Run twice (reasons.test.ts, reasons-random-codes.test.ts): the simulated
 * VoipNow answers the documented codes exactly, and the reasons 4PSA gives no code for (login
 * lockout, password rules, user limit) either without a number or with a random one each time,
 * so the engine is seen to recognise those by VoipNow's words alone.
 */
export type UndocumentedCodes = 'none' | 'random';

/**
 * "300 Invalid email address." from the log's "(server said: 300 Invalid email address.)"; the
 * whole message when VoipNow's words are the reason's own (the log does not repeat them).
 */
function serverSaid(message: string | undefined): string {
  return /\(server said: (.*)\)$/.exec(message ?? '')?.[1] ?? message ?? '';
}

export function describeReasonSuite(codes: UndocumentedCodes): void {
  describe(`the nine failure reasons, ${codes === 'random' ? 'with random codes for the reasons 4PSA documents none for' : 'with the documented codes'}`, () => {
    let stack: TestStack;
    let plesk: ReturnType<typeof pleskAdmin>;
    const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });

    beforeAll(async () => {
      stack = await startTestStack({
        plesk: { estate: { size: 10, seed: 3 } },
        voipnow: { randomUndocumentedCodes: codes === 'random', seed: 12 },
        settingsTtlMs: 0,
      });
      plesk = pleskAdmin(stack.plesk);
    });
    afterAll(async () => stack?.close());

    /** `said` is what VoipNow answered, as the log quotes it: a documented code, or a pattern for the undocumented ones. */
    async function expectDataError(account: AccountKey, reason: keyof typeof REASONS, said: string | RegExp) {
      const outcome = await replicate(stack, account);
      expect(outcome).toMatchObject({ ok: false, type: reason });
      const attempts = await attemptsOf(stack, account);
      // A data error is not retried: one try, failed, with the spec's words.
      expect(attempts).toEqual([{ outcome: 'failed', reasonType: reason, reason: REASONS[reason] }]);
      const log = await logOf(stack, account);
      expect(log.at(-1)).toMatchObject({ level: 'error', event: 'replicate', reasonType: reason });
      expect(log.at(-1)?.message).toContain(REASONS[reason]);
      if (typeof said === 'string') expect(serverSaid(log.at(-1)?.message)).toBe(said);
      else expect(serverSaid(log.at(-1)?.message)).toMatch(said);
    }

    /** VoipNow's words for a reason without a documented code: no number, or a random three-digit one. */
    const undocumented = (words: string): RegExp => new RegExp(`(?:^|: )${codes === 'random' ? '\\d{3} ' : ''}${words}`);

    it('Invalid email address.: stops, and succeeds once the email is fixed in Plesk', async () => {
      const id = await plesk.addCustomer('bad-email', { contact: { email: 'not an email' } });
      await expectDataError(key('client', id), 'invalidEmail', '300 Invalid email address.');
      await plesk.call('PATCH', `customers/${id}`, { contact: { email: 'fixed@example.com' } });
      expect(await replicate(stack, key('client', id))).toMatchObject({ ok: true, result: { outcome: 'created' } });
      expect((await attemptsOf(stack, key('client', id))).map((a) => a.outcome)).toEqual(['failed', 'succeeded']);
    });

    it('Interface language for this client is not a valid option in VoipNow: a locale VoipNow lacks', async () => {
      const id = await plesk.addCustomer('japanese-client', { contact: { locale: 'ja-JP' } });
      await expectDataError(key('client', id), 'invalidLanguage', '306 Invalid language code: ja. Use PBX GetInterfaceLang.');
    });

    it('The password cannot contain the login name and cannot be a dictionary word.: a mailbox password that is a dictionary word', async () => {
      const owner = await plesk.addCustomer('mail-owner');
      expect(await replicate(stack, key('client', owner))).toMatchObject({ ok: true });
      const domain = await plesk.addDomain('weak-passwords.test', owner);
      expect(await replicate(stack, key('domain', domain))).toMatchObject({ ok: true });
      const mailbox = await plesk.addMailbox(domain, 'bob', 'qwerty');
      await expectDataError(
        key('mailbox', `${domain}.${mailbox}`),
        'weakPassword',
        undocumented('The password cannot be a dictionary word\\.$'),
      );
      await plesk.call('PATCH', `mailboxes/${mailbox}`, { password: 'Better-Pass-42' });
      expect(await replicate(stack, key('mailbox', `${domain}.${mailbox}`))).toMatchObject({ ok: true });
    });

    it('The password cannot be empty: VoipNow refusing a blank password; the engine never sends one (a blank Plesk password gets a random one)', async () => {
      const owner = await plesk.addCustomer('blank-owner');
      await replicate(stack, key('client', owner));
      const domain = await plesk.addDomain('blank-passwords.test', owner);
      const linked = await replicate(stack, key('domain', domain));
      if (!linked.ok) throw new Error(linked.message);
      // VoipNow's answer to a blank password reads as this reason, in its words.
      const { connectors } = await stack.runtime.connectors.server(stack.pleskServer);
      const refused = await connectors.voipnow
        .create('extension', {
          ...{
            name: 'Carol',
            company: '',
            email: 'carol@example.com',
            phone: '',
            fax: '',
            address: '',
            city: '',
            pcode: '',
            country: 'US',
            notes: '',
          },
          login: 'carol-blank',
          password: '   ',
          tag: 'reasons-suite',
          parentId: linked.result.voipnowId,
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toMatchObject({ reason: 'emptyPassword', message: REASONS.emptyPassword, serverCode: 117 });
      // Through the engine, a whitespace-only Plesk password counts as none (issue 11 rule 10).
      const mailbox = await plesk.addMailbox(domain, 'carol', '   ');
      expect(await replicate(stack, key('mailbox', `${domain}.${mailbox}`))).toMatchObject({ ok: true });
    });

    it('Invalid parent client id.: a domain replicated by hand before its owner', async () => {
      const owner = await plesk.addCustomer('not-yet-replicated');
      const domain = await plesk.addDomain('orphan.test', owner);
      const outcome = await replicate(stack, key('domain', domain), 'manual');
      expect(outcome).toMatchObject({ ok: false, type: 'invalidParent' });
      expect(outcome.ok ? '' : outcome.message).toContain(REASONS.invalidParent);
      expect(await attemptsOf(stack, key('domain', domain))).toEqual([
        { outcome: 'failed', reasonType: 'invalidParent', reason: REASONS.invalidParent },
      ]);
    });

    it('Unable to add any more users. The limit has been exceeded.: a VoipNow reseller at its client limit', async () => {
      const owner = await plesk.addCustomer('small-reseller');
      const linked = await replicate(stack, key('client', owner));
      if (!linked.ok) throw new Error(linked.message);
      const reseller = stack.voipnow.state.account(linked.result.voipnowId)!;
      stack.voipnow.state.updateAccount(reseller, { limits: { ...reseller.limits, clientMax: 1 } });
      const first = await plesk.addDomain('one-allowed.test', owner);
      const second = await plesk.addDomain('one-too-many.test', owner);
      expect(await replicate(stack, key('domain', first))).toMatchObject({ ok: true });
      await expectDataError(
        key('domain', second),
        'userLimit',
        undocumented('Unable to add any more users\\. The limit has been exceeded\\.$'),
      );
    });

    it('No charging plan available for account owner.: an old VoipNow that needs charging plans', async () => {
      const id = await plesk.addCustomer('no-plan');
      stack.voipnow.configure({ legacyCharging: true });
      try {
        await expectDataError(key('client', id), 'noChargingPlan', '315 No charging plan available for account owner.');
      } finally {
        stack.voipnow.configure({ legacyCharging: false });
      }
    });

    it('retries server faults with back-off until VoipNow answers, recording each try', async () => {
      const id = await plesk.addCustomer('flaky-network');
      const account = key('client', id);
      stack.voipnow.configure({ faultRate: 1 });
      const handle = await stack.temporal.workflow.start(replicateAccount, {
        taskQueue: stack.taskQueue,
        workflowId: replicationWorkflowId(account),
        args: [{ key: account, mode: 'bulk' }],
      });
      try {
        await waitFor(async () => (await attemptsOf(stack, account)).filter((a) => a.outcome === 'retrying').length >= 2);
      } finally {
        stack.voipnow.configure({ faultRate: 0 });
      }
      expect(await handle.result()).toMatchObject({ outcome: 'created' });
      const attempts = await attemptsOf(stack, account);
      expect(attempts.at(-1)).toMatchObject({ outcome: 'succeeded' });
      // The simulator's server faults are SOAP faults (151) or bare HTTP 500s: both retried.
      for (const attempt of attempts.slice(0, -1)) {
        expect(attempt.outcome).toBe('retrying');
        expect(['voipnowFault', 'voipnowUnavailable']).toContain(attempt.reasonType);
      }
      expect((await logOf(stack, account)).filter((l) => l.level === 'warning').length).toBeGreaterThanOrEqual(2);
    }, 60_000);

    it(
      codes === 'random'
        ? 'VoipNow sends a random code with a fault 4PSA documents none for'
        : 'VoipNow sends no number with a fault 4PSA documents none for',
      async () => {
        // Its own fault, so this test needs no other: a reseller already at its client limit.
        const owner = await plesk.addCustomer('full-reseller');
        const linked = await replicate(stack, key('client', owner));
        if (!linked.ok) throw new Error(linked.message);
        const reseller = stack.voipnow.state.account(linked.result.voipnowId)!;
        stack.voipnow.state.updateAccount(reseller, { limits: { ...reseller.limits, clientMax: 0 } });
        const before = { ...stack.voipnow.stats.faultCodes };
        const domain = await plesk.addDomain('no-room.test', owner);
        expect(await replicate(stack, key('domain', domain))).toMatchObject({ ok: false, type: 'userLimit' });
        const sent = Object.keys(stack.voipnow.stats.faultCodes).filter(
          (code) => (stack.voipnow.stats.faultCodes[code] ?? 0) > (before[code] ?? 0),
        );
        if (codes === 'random')
          expect(sent.filter((code) => /^\d{3}$/.test(code) && !['100', '117', '300', '306', '315'].includes(code))).not.toEqual([]);
        else expect(sent).toEqual(['Client']);
      },
    );

    describe('with wrong VoipNow credentials', () => {
      async function setVoipnowPassword(password: string) {
        await stack.db.settings.update({
          where: { pleskServer: stack.pleskServer },
          data: { voipnowPasswordEnc: stack.box.seal(password) },
        });
        // The worker re-reads settings on every call here (settingsTtlMs 0): no sleeping.
      }

      // Each test sets the password it needs; afterwards the right one is back and no lockout stays.
      afterEach(async () => {
        await setVoipnowPassword(stack.config.VOIPNOW_PASSWORD);
        stack.voipnow.configure({ lockoutThreshold: 10 });
        const cleared = await fetch(`${stack.voipnow.url}/__sim/lockouts`, {
          method: 'DELETE',
          headers: {
            authorization: `Basic ${Buffer.from(`${stack.config.VOIPNOW_LOGIN}:${stack.config.VOIPNOW_PASSWORD}`).toString('base64')}`,
          },
        });
        expect(cleared.status).toBe(200);
      });

      it('Failed to authenticate to VoipNow server: stops at the first try (retrying only brings the lockout closer)', async () => {
        const id = await plesk.addCustomer('auth-victim');
        await setVoipnowPassword('Wrong-Password-1');
        await expectDataError(key('client', id), 'authFailed', '100 Authentication failed: invalid credentials.');
      });

      it('Authentication failed to VoipNow server because of too many failed login attempts: the account is locked', async () => {
        stack.voipnow.configure({ lockoutThreshold: 2 });
        const id = await plesk.addCustomer('lockout-victim');
        await setVoipnowPassword('Wrong-Password-2');
        await replicate(stack, key('client', id)); // a failed login
        await replicate(stack, key('client', id)); // a second failed login: VoipNow locks the admin out
        await setVoipnowPassword(stack.config.VOIPNOW_PASSWORD);
        const outcome = await replicate(stack, key('client', id));
        expect(outcome).toMatchObject({ ok: false, type: 'tooManyLogins' });
        const attempts = await attemptsOf(stack, key('client', id));
        expect(attempts.at(-1)).toEqual({ outcome: 'failed', reasonType: 'tooManyLogins', reason: REASONS.tooManyLogins });
        const last = (await logOf(stack, key('client', id))).at(-1)?.message;
        expect(last).toContain(REASONS.tooManyLogins);
        expect(serverSaid(last)).toMatch(undocumented('Too many failed login attempts\\. Try again in \\d+ seconds\\.$'));
      }, 30_000);
    });
  });
}
