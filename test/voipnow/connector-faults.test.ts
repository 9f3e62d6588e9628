import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountData, TestVoipnowClient as VoipnowClient } from '../support/voipnow-client';
import { OTHER_REASONS, REASONS, reasonText, type ReasonType } from '../../domain/reasons';
import { connect, GOOD_PASSWORD, startTestSim, syncErrorOf, type TestSim } from './helpers';

/**
 * The simulator answers every check with 4PSA's documented code, and the conditions 4PSA gives no
 * code for without one; through the connector each becomes its product reason and words, keeping
 * the server's code and message.
 */
describe('VoipNow faults become the product reasons, keeping the server code and message', () => {
  let t: TestSim;
  let vn: VoipnowClient;
  let reseller: number;
  let bareReseller: number;
  let client: number;

  beforeAll(async () => {
    // A reseller made from a template gets copies of the admin's client templates (decision 093).
    t = await startTestSim({ operatorTemplates: true });
    t.sim.seed({
      templates: [
        { name: 'Two clients', level: 10, limits: { clientMax: 2 } },
        { name: 'One phone', level: 50, limits: { phoneExtMax: 1 } },
      ],
    });
    vn = await connect(t.sim);
    reseller = (await vn.addReseller({ login: 'owner', password: GOOD_PASSWORD, templateId: 1 })).id;
    bareReseller = (await vn.addReseller({ login: 'bare', password: GOOD_PASSWORD })).id;
    // Only the parent's own template may be used (issue 11 rule 5): the reseller's copy of "One phone".
    const onePhone = t.sim.state.templates.find((tpl) => tpl.ownerID === reseller && tpl.name === 'One phone')!.ID;
    client = (await vn.addClient({ login: 'shop', password: GOOD_PASSWORD, parentId: reseller, templateId: onePhone })).id;
  });

  afterAll(async () => {
    vn.close();
    await t.stop();
  });

  it('reports "Invalid email address." for a malformed email (300)', async () => {
    const error = await syncErrorOf(vn.addReseller({ login: 'mail', password: GOOD_PASSWORD, email: 'not-an-email' }));
    expect(error.message).toBe(REASONS.invalidEmail);
    expect(error).toMatchObject({ reason: 'invalidEmail', retryable: false, serverCode: 300, serverMessage: 'Invalid email address.' });
  });

  it('reports "The password cannot be empty" for a missing or empty password (117 naming the password)', async () => {
    for (const password of [undefined, '']) {
      const error = await syncErrorOf(vn.addReseller({ login: 'nopass', password }));
      expect(error.message).toBe(REASONS.emptyPassword);
      expect(error).toMatchObject({ reason: 'emptyPassword', serverCode: 117, serverMessage: 'Missing parameter password.' });
    }
  });

  it('lets the server generate a password when asked to (passwordAuto)', async () => {
    await expect(vn.addReseller({ login: 'autopass', passwordAuto: true })).resolves.toMatchObject({ login: 'autopass' });
  });

  it.each([
    ['contains the login', 'x-weakling-9#', 'The password cannot contain the login.'],
    ['is a dictionary word', 'Password1!', 'The password cannot be a dictionary word.'],
  ])('reports the weak password reason, which has no documented code, when the password %s', async (_why, password, serverMessage) => {
    const error = await syncErrorOf(vn.addReseller({ login: 'weakling', password }));
    expect(error.message).toBe(REASONS.weakPassword);
    expect(error).toMatchObject({ reason: 'weakPassword', retryable: false, serverCode: undefined, serverMessage });
  });

  it.each([
    ['is shorter than 4 characters', 'aB3'],
    ['is longer than 64 characters', `Aa1#${'x'.repeat(61)}`],
    ['has characters VoipNow refuses', 'Blue Harbor 731'],
  ])('reports the password rules in their own words when the password %s', async (_why, password) => {
    const error = await syncErrorOf(vn.addReseller({ login: 'weakling', password }));
    expect(error).toMatchObject({
      reason: 'invalidPassword',
      retryable: false,
      serverCode: undefined,
      serverMessage: expect.stringContaining('4-64 characters'),
    });
    expect(error.message).toBe(`${OTHER_REASONS.invalidPassword} (VoipNow: ${error.serverMessage})`);
  });

  it('reports the interface language reason for a language VoipNow does not know (306), and for a phone language', async () => {
    const error = await syncErrorOf(vn.addReseller({ login: 'lang', password: GOOD_PASSWORD, interfaceLang: 'xx' }));
    expect(error.message).toBe(REASONS.invalidLanguage);
    expect(error).toMatchObject({ reason: 'invalidLanguage', serverCode: 306, serverMessage: expect.stringContaining('xx') });
    const phone = await syncErrorOf(
      vn.addExtension({ login: 'klingon@shop.example', password: GOOD_PASSWORD, parentId: client, phoneLang: 'tl' }),
    );
    expect(phone).toMatchObject({ reason: 'invalidLanguage', serverCode: 306, serverMessage: expect.stringContaining('GetPhoneLang') });
  });

  it.each<[string, AccountData, number, ReasonType]>([
    ['a login with a space', { login: 'two words' }, 310, 'invalidLogin'],
    ['a contact name of 256 characters', { name: 'n'.repeat(256) }, 307, 'invalidName'],
    ['a company name of two characters', { company: 'AB' }, 308, 'invalidCompany'],
    ['a phone number in words', { phone: 'ask the office' }, 304, 'invalidPhone'],
    ['a fax number with letters', { fax: '+49 30 FAX' }, 305, 'invalidFax'],
    ['an address of two characters', { address: 'No' }, 309, 'invalidAddress'],
    ['a city of one character', { city: 'X' }, 311, 'invalidCity'],
    ['a postal code of eleven characters', { pcode: '12345678901' }, 312, 'invalidPostalCode'],
    ['notes of 1025 characters', { notes: 'x'.repeat(1025) }, 313, 'invalidNotes'],
    ['a country that does not exist', { country: 'XX' }, 301, 'invalidCountry'],
    ['a region of another country', { country: 'DE', region: 101 }, 314, 'invalidRegion'],
  ])('reports %s with the documented code, naming the field and quoting VoipNow', async (_why, data, code, reason) => {
    const error = await syncErrorOf(vn.addReseller({ login: 'fields', password: GOOD_PASSWORD, ...data }));
    expect(error).toMatchObject({ reason, retryable: false, serverCode: code });
    expect(error.message).toBe(`${reasonText(reason)} (VoipNow: ${code} ${error.serverMessage})`);
    expect(error.describe()).toBe(error.message);
  });

  it('reports the user limit reason, which has no documented code, when the parent is full or was created without a template', async () => {
    await vn.addClient({ login: 'shop2', password: GOOD_PASSWORD, parentId: reseller });
    const full = await syncErrorOf(vn.addClient({ login: 'shop3', password: GOOD_PASSWORD, parentId: reseller }));
    expect(full.message).toBe(REASONS.userLimit);
    expect(full).toMatchObject({ reason: 'userLimit', serverCode: undefined, serverMessage: REASONS.userLimit });

    const noTemplate = await syncErrorOf(vn.addClient({ login: 'under-bare', password: GOOD_PASSWORD, parentId: bareReseller }));
    expect(noTemplate).toMatchObject({ reason: 'userLimit' });

    await vn.addExtension({ login: 'phone1', password: GOOD_PASSWORD, parentId: client });
    expect(await syncErrorOf(vn.addExtension({ login: 'phone2', password: GOOD_PASSWORD, parentId: client }))).toMatchObject({
      reason: 'userLimit',
    });
  });

  it('reports "Invalid parent client id." for a missing parent or one of the wrong kind (251)', async () => {
    const missing = await syncErrorOf(vn.addClient({ login: 'lost', password: GOOD_PASSWORD, parentId: 99_999 }));
    expect(missing.message).toBe(REASONS.invalidParent);
    expect(missing).toMatchObject({ reason: 'invalidParent', serverCode: 251, serverMessage: expect.stringContaining('99999') });
    const wrongKind = await syncErrorOf(vn.addExtension({ login: 'lost', password: GOOD_PASSWORD, parentId: reseller }));
    expect(wrongKind).toMatchObject({ reason: 'invalidParent', serverCode: 251 });
  });

  it('reports the template reason for a template the parent cannot use (252), quoting VoipNow', async () => {
    const error = await syncErrorOf(vn.addClient({ login: 'tpl', password: GOOD_PASSWORD, parentId: reseller, templateId: 1 }));
    expect(error).toMatchObject({ reason: 'invalidTemplate', serverCode: 252 });
    expect(error.message).toBe(`${OTHER_REASONS.invalidTemplate} (VoipNow: 252 Invalid template ID: 1.)`);
  });

  it('reports a duplicate login (200) as the login taken, which no retry heals', async () => {
    const error = await syncErrorOf(vn.addReseller({ login: 'owner', password: GOOD_PASSWORD }));
    expect(error).toMatchObject({
      reason: 'loginTaken',
      retryable: false,
      serverCode: 200,
      serverMessage: expect.stringContaining('owner'),
    });
    expect(error.message).toContain(OTHER_REASONS.loginTaken);
  });

  it("keeps VoipNow's words for an edit, delete or status change of an account that does not exist (250)", async () => {
    for (const call of [vn.editReseller(99_999, { name: 'x' }), vn.delClient(99_999), vn.setStatus('extension', 99_999, false)]) {
      const error = await syncErrorOf(call);
      expect(error).toMatchObject({
        reason: 'voipnowRejected',
        retryable: false,
        serverCode: 250,
        serverMessage: 'Invalid user ID: 99999.',
      });
      expect(error.message).toBe('VoipNow refused the request: 250 Invalid user ID: 99999.');
      expect(error.describe()).toBe(error.message);
    }
  });

  it('reports "Failed to authenticate to VoipNow server" for wrong credentials (100)', async () => {
    const stranger = await connect(t.sim, { auth: { method: 'password', username: 'admin', password: 'wrong-password' } });
    const badKey = await connect(t.sim, { auth: { method: 'key', appKey: 'sync-engine', appSecret: 'wrong-secret' } });
    try {
      for (const call of [stranger.ping(), badKey.ping()]) {
        const error = await syncErrorOf(call);
        expect(error.message).toBe(`${REASONS.authFailed}: VoipNow refused the username and password (or key)`);
        expect(error).toMatchObject({ reason: 'authFailed', retryable: false, serverCode: 100 });
      }
    } finally {
      stranger.close();
      badKey.close();
    }
  });

  it('reports a disabled account the engine logs in with (104), and one whose owner is disabled (107), in their own words', async () => {
    const boss = await vn.addReseller({ login: 'boss', password: GOOD_PASSWORD, templateId: 1 });
    await vn.addClient({ login: 'worker', password: GOOD_PASSWORD, parentId: boss.id });
    const asBoss = await connect(t.sim, { auth: { method: 'password', username: 'boss', password: GOOD_PASSWORD } });
    const asWorker = await connect(t.sim, { auth: { method: 'password', username: 'worker', password: GOOD_PASSWORD } });
    try {
      await vn.setStatus('reseller', boss.id, false);
      const disabled = await syncErrorOf(asBoss.ping());
      expect(disabled).toMatchObject({
        reason: 'authFailed',
        serverCode: 104,
        message: `${REASONS.authFailed}: the VoipNow account the engine logs in with is disabled`,
      });
      const ownerDisabled = await syncErrorOf(asWorker.ping());
      expect(ownerDisabled).toMatchObject({
        reason: 'authFailed',
        serverCode: 107,
        message: `${REASONS.authFailed}: the owner of the VoipNow account the engine logs in with is disabled`,
      });
    } finally {
      asBoss.close();
      asWorker.close();
    }
  });
});

describe('VoipNow faults of old servers and of the login throttle', () => {
  it('reports "No charging plan available for account owner." on a legacy server whose owner has no plan (315)', async () => {
    const t = await startTestSim({ legacyCharging: true });
    const vn = await connect(t.sim);
    try {
      const error = await syncErrorOf(vn.addReseller({ login: 'old', password: GOOD_PASSWORD }));
      expect(error.message).toBe(REASONS.noChargingPlan);
      expect(error).toMatchObject({ reason: 'noChargingPlan', serverCode: 315, serverMessage: REASONS.noChargingPlan });
      t.sim.seed({ chargingPlans: [{ name: 'Default' }] });
      await expect(vn.addReseller({ login: 'old', password: GOOD_PASSWORD })).resolves.toMatchObject({ chargingPlanId: 1 });
    } finally {
      vn.close();
      await t.stop();
    }
  });

  it('locks a username out after repeated failures, even for the right password, until the lock expires (no documented code)', async () => {
    const t = await startTestSim({ lockoutThreshold: 3, lockoutSeconds: 1 });
    const wrong = await connect(t.sim, { auth: { method: 'password', username: 'admin', password: 'guess-again' } });
    const right = await connect(t.sim);
    try {
      for (let i = 0; i < 3; i++) expect(await syncErrorOf(wrong.ping())).toMatchObject({ reason: 'authFailed', serverCode: 100 });
      const locked = await syncErrorOf(right.ping());
      expect(locked.message).toBe(REASONS.tooManyLogins);
      expect(locked).toMatchObject({
        reason: 'tooManyLogins',
        retryable: false,
        serverCode: undefined,
        serverMessage: expect.stringContaining('Too many failed login attempts'),
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await expect(right.ping()).resolves.toMatchObject({ version: '2.5.1' });
    } finally {
      wrong.close();
      right.close();
      await t.stop();
    }
  });

  it('recognises the reasons without a documented code by their words when the server sends random codes with them', async () => {
    const t = await startTestSim({ randomUndocumentedCodes: true, lockoutThreshold: 1, lockoutSeconds: 60 });
    const vn = await connect(t.sim);
    try {
      const weak = await syncErrorOf(vn.addReseller({ login: 'rnd', password: 'qwerty' }));
      const rules = await syncErrorOf(vn.addReseller({ login: 'rnd', password: 'a b' }));
      const limit = await syncErrorOf(
        vn.addClient({
          login: 'rnd-client',
          password: GOOD_PASSWORD,
          parentId: (await vn.addReseller({ login: 'rnd', password: GOOD_PASSWORD })).id,
        }),
      );
      const wrong = await connect(t.sim, { auth: { method: 'password', username: 'admin', password: 'guess-again' } });
      await syncErrorOf(wrong.ping());
      wrong.close();
      const locked = await syncErrorOf(vn.ping());
      expect([weak.reason, rules.reason, limit.reason, locked.reason]).toEqual([
        'weakPassword',
        'invalidPassword',
        'userLimit',
        'tooManyLogins',
      ]);
      for (const error of [weak, rules, limit, locked]) expect(error.serverCode).toEqual(expect.any(Number));
      const random = Object.keys(t.sim.stats.faultCodes).filter((code) => /^\d{3}$/.test(code) && code !== '100');
      expect(random.length).toBeGreaterThan(0);
    } finally {
      vn.close();
      await t.stop();
    }
  });
});
