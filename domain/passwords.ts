/**
 * The VoipNow password policy as the engine applies it before sending (spec section 2): not
 * empty, not containing the login, not a dictionary word. Generated passwords satisfy it by
 * construction; the randomness is passed in so the rule stays pure and testable.
 */

/** Words VoipNow refuses; the simulator refuses the same ones (simulators/voipnow). */
export const DICTIONARY_WORDS = [
  'password',
  'welcome',
  'admin',
  'qwerty',
  'letmein',
  '123456',
  'secret',
  'changeme',
  'voipnow',
  'plesk',
] as const;

export type PasswordProblem = 'empty' | 'containsLogin' | 'dictionaryWord';

export function passwordProblem(password: string | undefined, login: string): PasswordProblem | undefined {
  if (!password) return 'empty';
  const lower = password.toLowerCase();
  if (login && lower.includes(login.toLowerCase())) return 'containsLogin';
  if ((DICTIONARY_WORDS as readonly string[]).includes(lower)) return 'dictionaryWord';
  return undefined;
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '_-.!#';
const ALL = LOWER + UPPER + DIGITS + SPECIAL;

/**
 * A 16-character password with every character class, drawn from `randomBytes` (crypto in
 * production). Retries the draw in the (vanishing) case it would contain the login.
 */
export function generatePassword(login: string, randomBytes: (size: number) => Uint8Array, length = 16): string {
  for (;;) {
    const bytes = randomBytes(length);
    const pick = (alphabet: string, byte: number) => alphabet[byte % alphabet.length]!;
    const chars = Array.from(bytes, (byte, index) => {
      if (index === 0) return pick(UPPER, byte);
      if (index === 1) return pick(LOWER, byte);
      if (index === 2) return pick(DIGITS, byte);
      if (index === 3) return pick(SPECIAL, byte);
      return pick(ALL, byte);
    });
    const password = chars.join('');
    if (!passwordProblem(password, login)) return password;
  }
}
