import { describe, expect, it } from 'vitest';
import { faultCodeKey, INFERRED_FAULT_TEXTS, readVoipnowFault, REASONS, reasonText, type ReasonType } from '../../domain';

describe('reading a VoipNow fault', () => {
  it('compares codes as strings of digits, leading zeros allowed', () => {
    expect(faultCodeKey('030')).toBe('30');
    expect(faultCodeKey(30)).toBe('30');
    expect(faultCodeKey('000')).toBe('0');
    expect(faultCodeKey('soap:Server')).toBeUndefined();
    expect(readVoipnowFault('0300', 'Invalid email address.').reason).toBe('invalidEmail');
    expect(readVoipnowFault(306, 'Invalid language code').reason).toBe('invalidLanguage');
  });

  it.each([
    ['100', 'VoipNow refused the username and password (or key)'],
    ['102', 'the VoipNow account the engine logs in with has expired'],
    ['103', 'the VoipNow account the engine logs in with may not use this service'],
    ['104', 'the VoipNow account the engine logs in with is disabled'],
    ['106', 'the owner of the VoipNow account the engine logs in with has expired'],
    ['107', 'the owner of the VoipNow account the engine logs in with is disabled'],
    ['108', 'the owner of the VoipNow account the engine logs in with has no control panel access'],
  ])('reads %s as a failed authentication, in its own precise words', (code, detail) => {
    expect(readVoipnowFault(code, 'whatever the server says')).toEqual({
      reason: 'authFailed',
      message: `${REASONS.authFailed}: ${detail}`,
      retryable: false,
    });
  });

  it('gives the spec reasons in exactly the spec words', () => {
    expect(readVoipnowFault('300', 'Bad mail')).toMatchObject({ reason: 'invalidEmail', message: 'Invalid email address.' });
    expect(readVoipnowFault('306', 'Unknown language xx')).toMatchObject({ reason: 'invalidLanguage', message: REASONS.invalidLanguage });
    expect(readVoipnowFault('251', 'Invalid parent ID: 7.')).toMatchObject({
      reason: 'invalidParent',
      message: 'Invalid parent client id.',
    });
    expect(readVoipnowFault('117', 'Missing parameter password.')).toMatchObject({
      reason: 'emptyPassword',
      message: 'The password cannot be empty',
    });
  });

  it("treats 117 naming another parameter as a refusal in VoipNow's words", () => {
    expect(readVoipnowFault('117', 'Missing parameter login.')).toEqual({
      reason: 'voipnowRejected',
      message: 'VoipNow refused the request: 117 Missing parameter login.',
      retryable: false,
    });
  });

  it('keeps the duplicate-login handling for 200, quoting the clashing object', () => {
    expect(readVoipnowFault('200', 'Duplicate record: the login anna is already used.')).toEqual({
      reason: 'loginTaken',
      message: `${reasonText('loginTaken')} (VoipNow: 200 Duplicate record: the login anna is already used.)`,
      retryable: false,
    });
  });

  it.each<[string, ReasonType, string]>([
    ['301', 'invalidCountry', 'country'],
    ['303', 'invalidChargingIdentifier', 'charging identifier'],
    ['304', 'invalidPhone', 'phone number'],
    ['305', 'invalidFax', 'fax number'],
    ['307', 'invalidName', 'contact name'],
    ['308', 'invalidCompany', 'company name'],
    ['309', 'invalidAddress', 'address'],
    ['310', 'invalidLogin', 'login'],
    ['311', 'invalidCity', 'city'],
    ['312', 'invalidPostalCode', 'postal code'],
    ['313', 'invalidNotes', 'notes'],
    ['314', 'invalidRegion', 'region'],
  ])('reads field check %s as a data reason naming the %s and quoting VoipNow', (code, reason, field) => {
    const reading = readVoipnowFault(code, 'VoipNow says no.');
    expect(reading).toEqual({ reason, message: `${reasonText(reason)} (VoipNow: ${code} VoipNow says no.)`, retryable: false });
    expect(reasonText(reason)).toContain(field);
  });

  it('retries 151 and 152, when VoipNow could not read or save its data', () => {
    expect(readVoipnowFault('151', 'Could not read data.')).toEqual({
      reason: 'voipnowFault',
      message: 'VoipNow server reported an error: 151 Could not read data.',
      retryable: true,
    });
    expect(readVoipnowFault('152', 'Could not save data.')).toMatchObject({ reason: 'voipnowFault', retryable: true });
  });

  it("keeps VoipNow's words for a fault it has no reading of, and does not retry it", () => {
    expect(readVoipnowFault('054', 'The license key does not allow automation.')).toEqual({
      reason: 'voipnowRejected',
      message: 'VoipNow refused the request: 054 The license key does not allow automation.',
      retryable: false,
    });
    expect(readVoipnowFault('soap:Client', "Procedure 'X' not present")).toMatchObject({
      reason: 'voipnowRejected',
      message: "VoipNow refused the request: Client Procedure 'X' not present",
      retryable: false,
    });
  });

  it('retries a fault whose SOAP code says the server failed, or that carries no code at all', () => {
    expect(readVoipnowFault('SOAP-ENV:Server', 'Internal error')).toEqual({
      reason: 'voipnowFault',
      message: 'VoipNow server reported an error: Server Internal error',
      retryable: true,
    });
    expect(readVoipnowFault(undefined, '')).toMatchObject({ reason: 'voipnowFault', retryable: true });
  });

  it.each([
    [
      'tooManyLogins',
      [
        'Too many failed login attempts. Try again in 900 seconds.',
        'The account is temporarily locked.',
        'Too many authentication attempts',
      ],
    ],
    [
      'weakPassword',
      [
        'The password cannot contain the login.',
        'The password cannot be a dictionary word.',
        'Password contains the username',
        'Password is too weak',
      ],
    ],
    [
      'invalidPassword',
      [
        'The password must have 4-64 characters: latin letters, digits and !#',
        'Password too short',
        'The password contains invalid characters',
      ],
    ],
    [
      'userLimit',
      ['Unable to add any more users. The limit has been exceeded.', 'Client limit reached', 'Maximum number of extensions reached'],
    ],
  ] as const)("recognises %s from VoipNow's words whatever the code", (reason, messages) => {
    for (const message of messages) {
      for (const code of ['100', '151', '200', '300', '030', '987', undefined, 'soap:Client']) {
        const reading = readVoipnowFault(code, message);
        expect(reading.reason, `${code} ${message}`).toBe(reason);
        expect(reading.retryable).toBe(false);
      }
    }
  });

  it("keeps the inferred patterns away from the documented faults' words", () => {
    const documented = [
      'Missing parameter password.',
      'Authentication failed: invalid credentials.',
      'The calling account is disabled.',
      'Invalid login: use latin letters, digits and _ . - @.',
      'Invalid email address.',
      'Duplicate record: the login bob is already used.',
      'Could not read data.',
      'Invalid user ID: 42.',
      'Invalid parent ID: 42.',
      'No records found.',
      'Charging plan not valid.',
    ];
    for (const message of documented) {
      for (const { reason, pattern } of INFERRED_FAULT_TEXTS) expect(pattern.test(message), `${reason} ~ ${message}`).toBe(false);
    }
  });

  it('shows "Invalid email address." for a plain 300 without VoipNow\'s words', () => {
    expect(readVoipnowFault('300')).toMatchObject({ reason: 'invalidEmail', message: 'Invalid email address.' });
  });
});
