import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, voipnowFieldFault, voipnowFieldRefusal, type VoipnowFields, type VoipnowLookups } from '../../domain';

const LOOKUPS: VoipnowLookups = {
  interfaceLangs: new Set(['en', 'de']),
  phoneLangs: new Set(['en']),
  regionsOf: (country) => (country === 'US' ? new Set([101, 102]) : undefined),
};
const CREATE = { creating: true } as const;
const GOOD: VoipnowFields = {
  login: 'anna.smith@example.com',
  password: 'Blue#Harbor-731',
  name: 'Anna Smith',
  company: 'Smith Ltd',
  phone: '+49 30 1234567',
  fax: '(030) 123-4567',
  email: 'anna@example.com',
  address: 'Main Street 1',
  city: 'Berlin',
  pcode: '10115',
  country: 'DE',
  interfaceLang: 'de',
  notes: 'State/province: BE',
};
const faultOf = (change: VoipnowFields, mode: { creating: boolean; currentLogin?: string } = CREATE) =>
  voipnowFieldFault({ ...GOOD, ...change }, LOOKUPS, mode);

describe('the field rules of VoipNow 2.5.1', () => {
  it('accepts a complete, well-formed account', () => {
    expect(voipnowFieldFault(GOOD, LOOKUPS, CREATE)).toBeUndefined();
  });

  it.each<[string, VoipnowFields, string, string]>([
    ['a missing login', { login: '' }, 'login', '117'],
    ['a login with a space', { login: 'anna smith' }, 'login', '310'],
    ['a missing password', { password: undefined }, 'password', '117'],
    ['a name over 255 characters', { name: 'n'.repeat(256) }, 'name', '307'],
    ['a company of two characters', { company: 'AB' }, 'company', '308'],
    ['a phone in words', { phone: 'call me' }, 'phone', '304'],
    ['a phone with two digits', { phone: '+4 9' }, 'phone', '304'],
    ['a fax with letters', { fax: '030 FAX' }, 'fax', '305'],
    ['an email without domain', { email: 'anna@' }, 'email', '300'],
    ['an email without name', { email: '@example.com' }, 'email', '300'],
    ['an email with a space', { email: 'anna smith@example.com' }, 'email', '300'],
    ['an address of two characters', { address: 'No' }, 'address', '309'],
    ['a city of one character', { city: 'X' }, 'city', '311'],
    ['a postal code of eleven characters', { pcode: '12345678901' }, 'pcode', '312'],
    ['a postal code with signs', { pcode: '10#15' }, 'pcode', '312'],
    ['a country VoipNow does not know', { country: 'XX' }, 'country', '301'],
    ['a region of another country', { country: 'US', region: 103 }, 'region', '314'],
    ['a region without a country', { country: '', region: 101 }, 'region', '314'],
    ['a region that is no number', { country: 'US', region: 'Texas' }, 'region', '314'],
    ['an interface language VoipNow lacks', { interfaceLang: 'ja' }, 'interfaceLang', '306'],
    ['notes over 1024 characters', { notes: 'x'.repeat(1025) }, 'notes', '313'],
    ['a charging identifier of five characters', { chargingIdentifier: 'ab-12' }, 'chargingIdentifier', '303'],
    ['a phone language VoipNow lacks', { phoneLang: 'de' }, 'phoneLang', '306'],
  ])('refuses %s with the documented code', (_why, change, field, code) => {
    expect(faultOf(change)).toMatchObject({ field, code });
  });

  it('counts lengths after collapsing white space, in characters rather than UTF-16 units', () => {
    expect(faultOf({ company: '  A   B  ' })).toBeUndefined();
    expect(faultOf({ company: '  A\t ' })).toMatchObject({ field: 'company', code: '308' });
    expect(faultOf({ city: '東京' })).toBeUndefined();
    expect(faultOf({ city: '😀' })).toMatchObject({ field: 'city' });
    expect(faultOf({ name: '😀'.repeat(255) })).toBeUndefined();
  });

  it('takes an empty element as not sent, as the engine sends every ClientInfo field', () => {
    expect(
      faultOf({ company: '', phone: '', fax: ' ', email: '', address: '', city: '', pcode: '', country: '', notes: '' }),
    ).toBeUndefined();
  });

  it('checks the password rules, which have no documented code: login inside, dictionary word, 4 to 64 allowed characters', () => {
    expect(faultOf({ login: 'bob', password: 'xxBOBxx1' })).toMatchObject({
      field: 'password',
      code: undefined,
      message: 'The password cannot contain the login.',
    });
    expect(faultOf({ password: 'Password1!' })).toMatchObject({ code: undefined, message: 'The password cannot be a dictionary word.' });
    expect(faultOf({ password: 'aB3' })).toMatchObject({ code: undefined, message: expect.stringContaining('4-64 characters') });
    expect(faultOf({ password: 'aB3#' })).toBeUndefined();
    expect(faultOf({ password: 'x'.repeat(65) })).toMatchObject({ field: 'password' });
    expect(faultOf({ password: 'Blue Harbor 731' })).toMatchObject({ field: 'password' });
  });

  it("lets the server make the password (passwordAuto) and leaves an edit's unsent fields alone", () => {
    expect(faultOf({ password: undefined, passwordAuto: true })).toBeUndefined();
    expect(voipnowFieldFault({ name: 'New Name' }, LOOKUPS, { creating: false })).toBeUndefined();
    expect(voipnowFieldFault({ password: '' }, LOOKUPS, { creating: false })).toMatchObject({ code: '117' });
    expect(voipnowFieldFault({ password: 'annA-1234' }, LOOKUPS, { creating: false, currentLogin: 'anna' })).toMatchObject({
      message: 'The password cannot contain the login.',
    });
  });

  it('answers the first fault in the order the server checks: login, password, then the schema order', () => {
    expect(faultOf({ login: 'a b', password: '', email: 'x' })).toMatchObject({ field: 'login' });
    expect(faultOf({ password: 'qwerty', email: 'x', interfaceLang: 'ja' })).toMatchObject({ field: 'password' });
    expect(faultOf({ email: 'x', interfaceLang: 'ja' })).toMatchObject({ field: 'email' });
  });

  it('tells the plan how the engine would report the fault', () => {
    expect(voipnowFieldRefusal({ ...GOOD, email: 'x' }, LOOKUPS, CREATE)).toEqual({
      field: 'email',
      reason: 'invalidEmail',
      message: 'Invalid email address.',
      retryable: false,
    });
    expect(voipnowFieldRefusal({ ...GOOD, password: 'qwerty' }, LOOKUPS, CREATE)).toMatchObject({ reason: 'weakPassword' });
    expect(voipnowFieldRefusal({ ...GOOD, password: 'ab' }, LOOKUPS, CREATE)).toMatchObject({ reason: 'invalidPassword' });
    expect(voipnowFieldRefusal({ ...GOOD, phone: 'none' }, LOOKUPS, CREATE)).toMatchObject({
      reason: 'invalidPhone',
      message: expect.stringContaining('304'),
    });
    expect(voipnowFieldRefusal(GOOD, LOOKUPS, CREATE)).toBeUndefined();
  });

  it('knows the 249 ISO country codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expect(COUNTRY_CODES.has('UK')).toBe(false);
    for (const code of ['DE', 'US', 'GB', 'JP', 'RO', 'BR', 'CN', 'RU', 'SS', 'ZW']) expect(COUNTRY_CODES.has(code)).toBe(true);
  });
});
