/**
 * The checks a VoipNow 2.5.1 server makes on an account's fields, and the fault it answers for the
 * first one that fails: the field rules of its schema (Common.xsd, ClientData.xsd) and of its
 * documented field codes 300-315, plus the password rules, which have no documented code. The
 * simulator refuses data with exactly these faults; the engine's plan (dry run) reads them to say
 * "would fail: <reason>" before anything is sent. Pure and cheap: it runs over every account of an
 * estate. Where a rule is our reading rather than 4PSA's words, docs/decisions/014 says so.
 */
import { COUNTRY_CODES } from './countries';
import { DICTIONARY_WORDS } from './passwords';
import { readVoipnowFault, type VoipnowFaultReading } from './voipnow-faults';

/** ClientInfo's fields as a request carries them (text), plus an extension's phone language. */
export interface VoipnowFields {
  login?: string | undefined;
  password?: string | undefined;
  passwordAuto?: boolean | undefined;
  name?: string | undefined;
  company?: string | undefined;
  phone?: string | undefined;
  fax?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  city?: string | undefined;
  pcode?: string | undefined;
  country?: string | undefined;
  region?: string | number | undefined;
  interfaceLang?: string | undefined;
  notes?: string | undefined;
  chargingIdentifier?: string | undefined;
  phoneLang?: string | undefined;
}

export type VoipnowFieldName = keyof VoipnowFields;

/** What the server offers, from its PBX lookups (GetInterfaceLang, GetPhoneLang, GetRegions). */
export interface VoipnowLookups {
  interfaceLangs: ReadonlySet<string>;
  /** Defaults to the interface languages. */
  phoneLangs?: ReadonlySet<string>;
  /** The region IDs of a country; undefined when unknown (any positive ID then passes). */
  regionsOf?: (country: string) => ReadonlySet<number> | undefined;
}

export interface VoipnowFieldFault {
  field: VoipnowFieldName;
  /** VoipNow's documented code; undefined for the password rules, which 4PSA gives none for. */
  code: string | undefined;
  message: string;
}

/** Adding an account needs a login and a password (or passwordAuto); an edit checks what it sends. */
export interface FieldCheckMode {
  creating: boolean;
  /** The account's login, for an edit that changes the password but not the login. */
  currentLogin?: string;
}

export const PASSWORD_MIN = 4;
export const PASSWORD_MAX = 64;
/** Both 4PSA pages' lists of password characters (they differ) and the common ASCII signs. */
export const PASSWORD_SIGNS = '!#$%&()*+,-./:;<=>?@[]^_{|}~';
const PASSWORD_CHARS = /^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@[\]^_{|}~]+$/;

/**
 * Words refused as passwords (the engine's own list plus a few more the simulated server knows),
 * compared after dropping leading and trailing digits and signs: "Password1!" is "password".
 */
export const REFUSED_PASSWORD_WORDS: ReadonlySet<string> = new Set([
  ...DICTIONARY_WORDS,
  '12345678',
  'abc123',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
]);

const LOGIN = /^[A-Za-z0-9_.@-]+$/;
// Common.xsd's email pattern (implicitly anchored), with a name before the @.
const EMAIL = /^[-+_\p{L}\p{N}.]+@(?:[\p{L}\p{N}][-\p{L}\p{N}]*\.)*\p{L}[-\p{L}\p{N}]*\.?$/u;
// Digits with the usual separators, an optional leading +, at least three digits.
const PHONE = /^\+?(?:[\s()./-]*\d){3,}[\s()./-]*$/;
const PCODE = /^[A-Za-z0-9 -]+$/;
const CHARGING_ID = /^[A-Za-z0-9_*-]{6,32}$/;
const SURROGATE = /[\uD800-\uDFFF]/;

/** common:string collapses white space before its checks. */
function collapse(value: string): string {
  return /\s\s|^\s|\s$|[\t\n\r]/.test(value) ? value.replace(/\s+/g, ' ').trim() : value;
}

function length(value: string): number {
  return SURROGATE.test(value) ? [...value].length : value.length;
}

const fault = (field: VoipnowFieldName, code: string | undefined, message: string): VoipnowFieldFault => ({ field, code, message });

/** The password faults, which VoipNow answers without a documented code (tested in the panel's order). */
export function passwordFault(password: string, login: string): VoipnowFieldFault | undefined {
  const lower = password.toLowerCase();
  if (login !== '' && lower.includes(login.toLowerCase())) return fault('password', undefined, 'The password cannot contain the login.');
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (REFUSED_PASSWORD_WORDS.has(lower) || REFUSED_PASSWORD_WORDS.has(core))
    return fault('password', undefined, 'The password cannot be a dictionary word.');
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX || !PASSWORD_CHARS.test(password)) {
    return fault(
      'password',
      undefined,
      `The password must have ${PASSWORD_MIN}-${PASSWORD_MAX} characters: latin letters, digits and ${PASSWORD_SIGNS}`,
    );
  }
  return undefined;
}

/** A length rule of common:string fields: an empty element counts as not sent. */
function lengthFault(
  field: VoipnowFieldName,
  value: string | undefined,
  min: number,
  code: string,
  label: string,
): VoipnowFieldFault | undefined {
  if (value === undefined) return undefined;
  const text = collapse(value);
  if (text === '') return undefined;
  const n = length(text);
  return n < min || n > 255 ? fault(field, code, `Invalid ${label}: it must have ${min} to 255 characters.`) : undefined;
}

function numberFault(field: 'phone' | 'fax', value: string | undefined, code: string): VoipnowFieldFault | undefined {
  const text = value === undefined ? '' : collapse(value);
  if (text === '') return undefined;
  return text.length > 255 || !PHONE.test(text) ? fault(field, code, `Invalid ${field} number format: ${text}.`) : undefined;
}

function languageFault(
  field: 'interfaceLang' | 'phoneLang',
  value: string | undefined,
  langs: ReadonlySet<string>,
): VoipnowFieldFault | undefined {
  const code = value?.trim().toLowerCase() ?? '';
  if (code === '' || langs.has(code)) return undefined;
  const lookup = field === 'interfaceLang' ? 'GetInterfaceLang' : 'GetPhoneLang';
  return fault(field, '306', `Invalid language code: ${value!.trim()}. Use PBX ${lookup}.`);
}

function loginFault(fields: VoipnowFields, mode: FieldCheckMode): VoipnowFieldFault | undefined {
  const login = fields.login === undefined ? undefined : collapse(fields.login);
  if (login === undefined || login === '') return mode.creating ? fault('login', '117', 'Missing parameter login.') : undefined;
  if (login.length > 255 || !LOGIN.test(login)) return fault('login', '310', 'Invalid login: use latin letters, digits and _ . - @.');
  return undefined;
}

function regionFault(fields: VoipnowFields, lookups: VoipnowLookups): VoipnowFieldFault | undefined {
  const raw = fields.region === undefined ? '' : String(fields.region).trim();
  if (raw === '') return undefined;
  const country = fields.country?.trim().toUpperCase() ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : 0;
  const known = country === '' ? undefined : lookups.regionsOf?.(country);
  if (id < 1 || country === '' || (known !== undefined && !known.has(id))) {
    return fault('region', '314', 'Invalid region. Use PBX GetRegions for the regions of the country.');
  }
  return undefined;
}

/**
 * The fault VoipNow answers for these fields, or undefined when it accepts them: login, password,
 * then the ClientInfo fields in their schema order, then the phone language.
 */
export function voipnowFieldFault(fields: VoipnowFields, lookups: VoipnowLookups, mode: FieldCheckMode): VoipnowFieldFault | undefined {
  const loginProblem = loginFault(fields, mode);
  if (loginProblem) return loginProblem;
  if (!fields.passwordAuto && (mode.creating || fields.password !== undefined)) {
    if (!fields.password) return fault('password', '117', 'Missing parameter password.');
    const login = fields.login?.trim() || mode.currentLogin || '';
    const problem = passwordFault(fields.password, login);
    if (problem) return problem;
  }
  const country = fields.country?.trim() ?? '';
  const email = fields.email === undefined ? '' : collapse(fields.email);
  const notes = fields.notes ?? '';
  return (
    lengthFault('name', fields.name, 1, '307', 'name') ??
    lengthFault('company', fields.company, 3, '308', 'company name') ??
    numberFault('phone', fields.phone, '304') ??
    numberFault('fax', fields.fax, '305') ??
    (email !== '' && (email.length < 3 || email.length > 255 || !EMAIL.test(email))
      ? fault('email', '300', 'Invalid email address.')
      : undefined) ??
    lengthFault('address', fields.address, 3, '309', 'address') ??
    lengthFault('city', fields.city, 2, '311', 'city') ??
    (fields.pcode !== undefined && fields.pcode.trim() !== '' && (fields.pcode.length > 10 || !PCODE.test(fields.pcode.trim()))
      ? fault('pcode', '312', `Invalid postal/ZIP code: ${fields.pcode.trim()}.`)
      : undefined) ??
    (country !== '' && !COUNTRY_CODES.has(country.toUpperCase())
      ? fault('country', '301', `Invalid country code: ${country}.`)
      : undefined) ??
    regionFault(fields, lookups) ??
    languageFault('interfaceLang', fields.interfaceLang, lookups.interfaceLangs) ??
    (length(notes) > 1024 ? fault('notes', '313', 'Invalid notes: they must have at most 1024 characters.') : undefined) ??
    (fields.chargingIdentifier !== undefined && fields.chargingIdentifier !== '' && !CHARGING_ID.test(fields.chargingIdentifier)
      ? fault('chargingIdentifier', '303', 'Invalid charging identifier: 6 to 32 letters, digits, _, - or *.')
      : undefined) ??
    languageFault('phoneLang', fields.phoneLang, lookups.phoneLangs ?? lookups.interfaceLangs)
  );
}

/** How the engine would report these fields' fault: the plan's "would fail: <reason>". */
export function voipnowFieldRefusal(
  fields: VoipnowFields,
  lookups: VoipnowLookups,
  mode: FieldCheckMode,
): (VoipnowFaultReading & { field: VoipnowFieldName }) | undefined {
  const found = voipnowFieldFault(fields, lookups, mode);
  return found && { field: found.field, ...readVoipnowFault(found.code, found.message) };
}
