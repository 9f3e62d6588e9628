import { describe, expect, it } from 'vitest';
import { generatePassword, waitsForChange, isRetryable, passwordProblem, reasonForVoipnowFault, REASONS, reasonText } from '../../domain';
import { randomBytes } from 'node:crypto';

describe('error reasons', () => {
  it('recognises each of the nine spec reasons from its VoipNow fault, with the spec words', () => {
    // Documented codes by code; the reasons 4PSA gives no code for by VoipNow's words, whatever the code.
    const cases: [string | undefined, string, keyof typeof REASONS][] = [
      ['100', 'Authentication failed: invalid credentials.', 'authFailed'],
      ['421', 'Too many failed login attempts. Try again in 900 seconds.', 'tooManyLogins'],
      ['300', 'Invalid email address.', 'invalidEmail'],
      ['117', 'Missing parameter password.', 'emptyPassword'],
      ['077', 'The password cannot contain the login.', 'weakPassword'],
      [undefined, 'The password cannot be a dictionary word.', 'weakPassword'],
      ['306', 'Invalid language code: xx.', 'invalidLanguage'],
      ['918', 'Unable to add any more users. The limit has been exceeded.', 'userLimit'],
      ['251', 'Invalid parent ID: 7.', 'invalidParent'],
      ['315', 'No charging plan available for account owner.', 'noChargingPlan'],
    ];
    for (const [code, message, reason] of cases) expect(reasonForVoipnowFault(code, message)).toBe(reason);
    expect(Object.values(REASONS)).toEqual([
      'Failed to authenticate to VoipNow server',
      'Authentication failed to VoipNow server because of too many failed login attempts',
      'Invalid email address.',
      'The password cannot be empty',
      'The password cannot contain the login name and cannot be a dictionary word.',
      'Interface language for this client is not a valid option in VoipNow',
      'Unable to add any more users. The limit has been exceeded.',
      'Invalid parent client id.',
      'No charging plan available for account owner.',
    ]);
  });

  it('retries transport errors and server faults, never data or authentication errors', () => {
    expect(isRetryable('voipnowUnavailable')).toBe(true);
    expect(isRetryable('voipnowFault')).toBe(true);
    for (const reason of Object.keys(REASONS) as (keyof typeof REASONS)[]) expect(isRetryable(reason)).toBe(false);
    expect(reasonForVoipnowFault(undefined)).toBe('voipnowFault');
    expect(reasonText('voipnowFault')).toBe('VoipNow server reported an error');
  });

  it('leaves an account to wait for a change after a failure retrying cannot heal, except a failing VoipNow login', () => {
    expect(waitsForChange('invalidEmail')).toBe(true);
    expect(waitsForChange('userLimit')).toBe(true);
    expect(waitsForChange('voipnowUnavailable')).toBe(false);
    expect(waitsForChange('authFailed')).toBe(false);
    expect(waitsForChange('tooManyLogins')).toBe(false);
  });
});

describe('generated passwords', () => {
  it('satisfy the VoipNow policy: not empty, no login inside, not a dictionary word, every character class', () => {
    for (let i = 0; i < 200; i += 1) {
      const password = generatePassword('anna@example.test', randomBytes);
      expect(password).toHaveLength(16);
      expect(passwordProblem(password, 'anna@example.test')).toBeUndefined();
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[_\-.!#]/);
    }
  });

  it('names what is wrong with a password', () => {
    expect(passwordProblem('', 'bob')).toBe('empty');
    expect(passwordProblem('xxBOBxx', 'bob')).toBe('containsLogin');
    expect(passwordProblem('Qwerty', 'bob')).toBe('dictionaryWord');
  });
});
