/** The plan's prediction for one account (domain/plans.ts), in the engine's order: template, tag, fields, login. */
import { describe, expect, it } from 'vitest';
import { addToTotals, emptyTotals, predictReplication, type CreatePrediction, type DerivedAccount } from '../../domain';

const derived = (over: Partial<DerivedAccount['data']> = {}, password: string | undefined = 'Tr1cky#Horse'): DerivedAccount => ({
  data: {
    name: 'Jane Roe',
    company: 'Acme',
    login: 'jane',
    email: 'jane@acme.test',
    phone: '',
    fax: '',
    address: '',
    city: '',
    pcode: '',
    country: 'DE',
    interfaceLang: 'en',
    notes: '',
    ...over,
  },
  ...(password !== undefined ? { password } : {}),
  contactSource: 'self',
  state: '',
});

const base = (over: Partial<CreatePrediction> = {}): CreatePrediction => ({
  derived: derived(),
  template: { mode: 'bulk', configured: 'Gold' },
  templates: [{ id: 4, name: 'Gold' }],
  lookups: { interfaceLangs: new Set(['en', 'de']) },
  ...over,
});

describe('predicting one account of a plan', () => {
  it('creates with the configured template and says where the contact data came from', () => {
    expect(predictReplication(base())).toEqual({ action: 'create', template: 'Gold', contactSource: 'self' });
  });

  it('fails with the template reason before anything else', () => {
    expect(predictReplication(base({ templates: [], derived: derived({ email: 'bad' }) }))).toMatchObject({
      action: 'fail',
      reasonType: 'invalidTemplate',
    });
  });

  it('adopts what carries our tag after an earlier try of ours, whatever its data', () => {
    expect(
      predictReplication(base({ derived: derived({ email: 'bad' }), loginHolder: { tagged: true, ourEarlierTry: true } })),
    ).toMatchObject({
      action: 'adopt',
    });
  });

  it('asks, as the run would, when the tagged object was left by an earlier link rather than a try of ours', () => {
    expect(predictReplication(base({ loginHolder: { tagged: true, ourEarlierTry: false } }))).toMatchObject({
      action: 'fail',
      reasonType: 'taggedFromEarlierLink',
    });
  });

  it("fails with VoipNow's field reasons: email, language, a weak or empty password", () => {
    expect(predictReplication(base({ derived: derived({ email: 'not an email' }) }))).toMatchObject({ reasonType: 'invalidEmail' });
    expect(predictReplication(base({ derived: derived({ interfaceLang: 'xx' }) }))).toMatchObject({ reasonType: 'invalidLanguage' });
    expect(predictReplication(base({ derived: derived({}, 'jane1234') }))).toMatchObject({ reasonType: 'weakPassword' });
    expect(predictReplication(base({ derived: derived({}, '   ') }))).toMatchObject({ action: 'fail' });
  });

  it('a generated password passes; a login VoipNow has under another tag is loginTaken', () => {
    expect(predictReplication(base({ derived: derived({}, undefined) }))).toMatchObject({ action: 'create' });
    expect(predictReplication(base({ loginHolder: { tagged: false, ourEarlierTry: false } }))).toMatchObject({
      action: 'fail',
      reasonType: 'loginTaken',
    });
  });

  it('adds up totals per action, level and reason', () => {
    const totals = emptyTotals();
    addToTotals(totals, 'client', { action: 'create' });
    addToTotals(totals, 'mailbox', { action: 'fail', reasonType: 'invalidEmail' });
    expect(totals).toMatchObject({ accounts: 2, byAction: { create: 1, fail: 1 }, byReason: { invalidEmail: 1 } });
    expect(totals.byLevel.resellers.create).toBe(1);
    expect(totals.byLevel.mailboxes.fail).toBe(1);
  });
});
