import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestVoipnowClient as VoipnowClient } from '../support/voipnow-client';
import { OTHER_REASONS, REASONS } from '../../domain/reasons';
import { connect, GOOD_PASSWORD, startTestSim, syncErrorOf, type TestSim } from './helpers';

describe('VoipNow faults become the product reasons, keeping the server code and message', () => {
  let t: TestSim;
  let vn: VoipnowClient;
  let reseller: number;
  let bareReseller: number;
  let client: number;

  beforeAll(async () => {
    t = await startTestSim();
    t.sim.seed({
      templates: [
        { name: 'Two clients', level: 10, limits: { clientMax: 2 } },
        { name: 'One phone', level: 50, limits: { phoneExtMax: 1 } },
      ],
    });
    vn = await connect(t.sim);
    reseller = (await vn.addReseller({ login: 'owner', password: GOOD_PASSWORD, templateId: 1 })).id;
    bareReseller = (await vn.addReseller({ login: 'bare', password: GOOD_PASSWORD })).id;
    client = (await vn.addClient({ login: 'shop', password: GOOD_PASSWORD, parentId: reseller, templateId: 2 })).id;
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

  it('reports "The password cannot be empty" for a missing or empty password (117)', async () => {
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
    ['contains the login', 'x-weakling-9#', 9010, 'The password cannot contain the login.'],
    ['is a dictionary word', 'Password1!', 9011, 'The password cannot be a dictionary word.'],
    ['is too short', 'aB3#', 9012, expect.stringContaining('6-64 characters')],
    ['has characters the panel refuses', 'Blue Harbor 731', 9012, expect.stringContaining('latin letters')],
  ])('reports the weak password reason when the password %s (%s → %i)', async (_why, password, code, serverMessage) => {
    const error = await syncErrorOf(vn.addReseller({ login: 'weakling', password }));
    expect(error.message).toBe(REASONS.weakPassword);
    expect(error).toMatchObject({ reason: 'weakPassword', serverCode: code, serverMessage });
  });

  it('reports the interface language reason for a language VoipNow does not know (306)', async () => {
    const error = await syncErrorOf(vn.addReseller({ login: 'lang', password: GOOD_PASSWORD, interfaceLang: 'xx' }));
    expect(error.message).toBe(REASONS.invalidLanguage);
    expect(error).toMatchObject({ reason: 'invalidLanguage', serverCode: 306, serverMessage: expect.stringContaining('xx') });
  });

  it('reports the user limit reason when the parent is full, and for a parent created without a template (9020)', async () => {
    await vn.addClient({ login: 'shop2', password: GOOD_PASSWORD, parentId: reseller });
    const full = await syncErrorOf(vn.addClient({ login: 'shop3', password: GOOD_PASSWORD, parentId: reseller }));
    expect(full.message).toBe(REASONS.userLimit);
    expect(full).toMatchObject({ reason: 'userLimit', serverCode: 9020, serverMessage: REASONS.userLimit });

    const noTemplate = await syncErrorOf(vn.addClient({ login: 'under-bare', password: GOOD_PASSWORD, parentId: bareReseller }));
    expect(noTemplate).toMatchObject({ reason: 'userLimit', serverCode: 9020 });

    await vn.addExtension({ login: 'phone1', password: GOOD_PASSWORD, parentId: client });
    expect(await syncErrorOf(vn.addExtension({ login: 'phone2', password: GOOD_PASSWORD, parentId: client }))).toMatchObject({ reason: 'userLimit' });
  });

  it('reports "Invalid parent client id." for a missing parent or one of the wrong kind (251)', async () => {
    const missing = await syncErrorOf(vn.addClient({ login: 'lost', password: GOOD_PASSWORD, parentId: 99_999 }));
    expect(missing.message).toBe(REASONS.invalidParent);
    expect(missing).toMatchObject({ reason: 'invalidParent', serverCode: 251, serverMessage: expect.stringContaining('99999') });
    const wrongKind = await syncErrorOf(vn.addExtension({ login: 'lost', password: GOOD_PASSWORD, parentId: reseller }));
    expect(wrongKind).toMatchObject({ reason: 'invalidParent', serverCode: 251 });
  });

  it('reports the template reason for a template the parent cannot use (252)', async () => {
    const error = await syncErrorOf(vn.addClient({ login: 'tpl', password: GOOD_PASSWORD, parentId: reseller, templateId: 1 }));
    expect(error.message).toBe(OTHER_REASONS.invalidTemplate);
    expect(error).toMatchObject({ reason: 'invalidTemplate', serverCode: 252 });
  });

  it('refuses a duplicate login (200) as a rejected request that no retry heals', async () => {
    const error = await syncErrorOf(vn.addReseller({ login: 'owner', password: GOOD_PASSWORD }));
    expect(error.message).toBe(OTHER_REASONS.voipnowRejected);
    expect(error).toMatchObject({ reason: 'voipnowRejected', retryable: false, serverCode: 200, serverMessage: expect.stringContaining('owner') });
  });

  it('reports an edit, delete or status change of an account that does not exist as rejected (250)', async () => {
    for (const call of [vn.editReseller(99_999, { name: 'x' }), vn.delClient(99_999), vn.setStatus('extension', 99_999, false)]) {
      expect(await syncErrorOf(call)).toMatchObject({ reason: 'voipnowRejected', serverCode: 250, serverMessage: expect.stringContaining('99999') });
    }
  });

  it('reports "Failed to authenticate to VoipNow server" for wrong credentials (100)', async () => {
    const stranger = await connect(t.sim, { auth: { method: 'password', username: 'admin', password: 'wrong-password' } });
    const badKey = await connect(t.sim, { auth: { method: 'key', appKey: 'sync-engine', appSecret: 'wrong-secret' } });
    try {
      for (const call of [stranger.ping(), badKey.ping()]) {
        const error = await syncErrorOf(call);
        expect(error.message).toBe(REASONS.authFailed);
        expect(error).toMatchObject({ reason: 'authFailed', retryable: false, serverCode: 100 });
      }
    } finally {
      stranger.close();
      badKey.close();
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

  it('locks a username out after repeated failures, even for the right password, until the lock expires (9001)', async () => {
    const t = await startTestSim({ lockoutThreshold: 3, lockoutSeconds: 1 });
    const wrong = await connect(t.sim, { auth: { method: 'password', username: 'admin', password: 'guess-again' } });
    const right = await connect(t.sim);
    try {
      for (let i = 0; i < 3; i++) expect(await syncErrorOf(wrong.ping())).toMatchObject({ reason: 'authFailed', serverCode: 100 });
      const locked = await syncErrorOf(right.ping());
      expect(locked.message).toBe(REASONS.tooManyLogins);
      expect(locked).toMatchObject({ reason: 'tooManyLogins', retryable: false, serverCode: 9001 });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await expect(right.ping()).resolves.toMatchObject({ version: '2.5.1' });
    } finally {
      wrong.close();
      right.close();
      await t.stop();
    }
  });
});
