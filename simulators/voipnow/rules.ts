/**
 * The checks a VoipNow server makes on account data, with the fault codes it answers. Codes
 * 100-315 are 4PSA's documented ones; 117's password wording, 9001, 9010-9012 and 9020 are our
 * stand-ins for conditions 4PSA does not document (docs/decisions/011-voipnow-simulator.md).
 */

export class SimFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const FAULTS = {
  authFailed: () => new SimFault(100, 'Authentication failed: invalid credentials.'),
  callerDisabled: () => new SimFault(104, 'The calling account is disabled.'),
  lockedOut: (seconds: number) =>
    new SimFault(9001, `Too many failed login attempts. Try again in ${seconds} seconds.`),
  missing: (param: string) => new SimFault(117, `Missing parameter ${param}.`),
  readFailed: () => new SimFault(151, 'Could not read data.'),
  duplicateLogin: (login: string) => new SimFault(200, `Duplicate record: the login ${login} is already used.`),
  invalidUserId: (id: unknown) => new SimFault(250, `Invalid user ID: ${String(id)}.`),
  invalidParentId: (id: unknown) => new SimFault(251, `Invalid parent ID: ${String(id)}.`),
  invalidTemplateId: (id: unknown) => new SimFault(252, `Invalid template ID: ${String(id)}.`),
  invalidEmail: () => new SimFault(300, 'Invalid email address.'),
  invalidCountry: () => new SimFault(301, 'Invalid country code.'),
  invalidLanguage: (code: string) => new SimFault(306, `Invalid language code: ${code}. Use PBX GetInterfaceLang.`),
  invalidLogin: () => new SimFault(310, 'Invalid login: use latin letters, digits and _ . - @ (up to 64 characters).'),
  noChargingPlan: () => new SimFault(315, 'No charging plan available for account owner.'),
  invalidChargingPlan: (id: unknown) => new SimFault(258, `Invalid charging plan ID: ${String(id)}.`),
  passwordHasLogin: () => new SimFault(9010, 'The password cannot contain the login.'),
  passwordInDictionary: () => new SimFault(9011, 'The password cannot be a dictionary word.'),
  passwordMalformed: () =>
    new SimFault(9012, `The password must have ${PASSWORD_MIN}-${PASSWORD_MAX} characters: latin letters, digits and ${PASSWORD_SPECIALS}`),
  userLimit: () => new SimFault(9020, 'Unable to add any more users. The limit has been exceeded.'),
} as const;

export const INTERFACE_LANGS: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'it', name: 'Italiano' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'ro', name: 'Română' },
];
export const DEFAULT_LANG = 'en';

/** Words the simulated panel refuses as passwords, compared after dropping leading/trailing digits and signs. */
export const DICTIONARY_WORDS: readonly string[] = [
  'password', 'welcome', 'admin', 'qwerty', 'letmein', '123456', '12345678', 'abc123',
  'iloveyou', 'monkey', 'dragon', 'secret', 'master', 'changeme', 'voipnow',
];

const PASSWORD_MIN = 6;
const PASSWORD_MAX = 64;
const PASSWORD_SPECIALS = '!#$%&()*+,-./:;<=>?@[]^_{|}~';
const PASSWORD_CHARS = /^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@[\]^_{|}~]+$/;
const LOGIN = /^[A-Za-z0-9_.@-]{1,64}$/;
// Loose on purpose, like a panel's check: something@domain.tld, no spaces.
const EMAIL = /^[^\s@]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export function checkLogin(login: string): void {
  if (!LOGIN.test(login)) throw FAULTS.invalidLogin();
}

export function checkEmail(email: string): void {
  if (!EMAIL.test(email)) throw FAULTS.invalidEmail();
}

export function checkLanguage(code: string): void {
  if (!INTERFACE_LANGS.some((lang) => lang.code === code)) throw FAULTS.invalidLanguage(code);
}

/** Password policy; the login check comes first, as the panel reports it first. */
export function checkPassword(password: string, login: string): void {
  const lower = password.toLowerCase();
  if (login !== '' && lower.includes(login.toLowerCase())) throw FAULTS.passwordHasLogin();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (DICTIONARY_WORDS.includes(lower) || DICTIONARY_WORDS.includes(core)) throw FAULTS.passwordInDictionary();
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX || !PASSWORD_CHARS.test(password)) {
    throw FAULTS.passwordMalformed();
  }
}

/** A password the policy accepts, for passwordAuto. */
export function generatePassword(random: () => number): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let password = '';
  for (let i = 0; i < 14; i++) password += letters[Math.floor(random() * letters.length)];
  return `${password}#7`;
}
