import { describe, expect, it } from 'vitest';
import { type REASONS, REASON_ADVICE, reasonAdvice } from '../../domain';

/** Issue 11 rule 10: every failure reason is shown with what the admin should do (product.md section 5). */
describe('what the admin should do about each reason', () => {
  it("gives the spec table's advice for its nine reasons", () => {
    const table: Record<keyof typeof REASONS, RegExp> = {
      authFailed: /^Check username, password or key, and the server URL/,
      tooManyLogins: /^Wait, then check (the )?credentials/,
      invalidEmail: /^Fix the email in Plesk, then retry/,
      emptyPassword: /^Set a password in Plesk, then retry/,
      weakPassword: /^Change the password in Plesk, then retry/,
      invalidLanguage: /^Use a language VoipNow knows/,
      userLimit: /^Raise the limit of the VoipNow parent/,
      invalidParent: /^Replicate the parent first/,
      noChargingPlan: /^Add a charging plan to the owner.*old VoipNow only/,
    };
    for (const [type, words] of Object.entries(table)) expect(REASON_ADVICE[type as keyof typeof REASONS], type).toMatch(words);
  });

  it('has advice for every reason the engine stores, and none for an unknown or missing one', () => {
    for (const advice of Object.values(REASON_ADVICE)) expect(advice.trim().length).toBeGreaterThan(10);
    expect(reasonAdvice('invalidRegion')).toContain('state');
    expect(reasonAdvice(null)).toBeNull();
    expect(reasonAdvice('no-such-reason')).toBeNull();
  });
});
