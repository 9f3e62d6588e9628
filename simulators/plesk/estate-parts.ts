import { domainToASCII } from 'node:url';
import {
  COMPANY_SUFFIXES,
  DOMAIN_WORDS,
  FIRST_NAMES,
  IDN_WORDS,
  INVALID_EMAILS,
  LAST_NAMES,
  MAIL_NAMES,
  NON_ASCII_COMPANIES,
  NON_ASCII_NAMES,
  STREETS,
  SUPPORTED_COUNTRIES,
  TLDS,
  UNSUPPORTED_COUNTRIES,
  type Country,
} from './estate-data';
import { type SimContact, type SimDomainAdmin } from './model';
import { Prng } from './prng';

/**
 * Parts of the estate generator: the rates of every special case, the account counts, the exact
 * allotment of special cases, and the makers of single records (contacts, names, passwords).
 */

export const DEMO_SIZE = 30;
export const MAX_SIZE = 1_000_000;

export const ESTATE_RATES = {
  /** Shares of the account count from 100 accounts up; smaller estates use the demo's 2:5:8:15. */
  share: { resellers: 0.01, customers: 0.1, domains: 0.25 },
  /** Of customers, when resellers exist; the rest belong to the administrator. */
  customerOwnedByReseller: 0.6,
  /** Of webspaces. */
  webspaceOwner: { client: 0.9, reseller: 0.06, admin: 0.04 },
  /** Of domains: additional domains inside a webspace. */
  sites: 0.2,
  /** Of webspaces (a site has its webspace's administrator). */
  domainAdmin: { complete: 0.5, incomplete: 0.2, none: 0.3 },
  /** Of mailboxes. */
  mailboxWithoutPassword: 0.2,
  mailboxDisabled: 0.05,
  /** Of every password that exists (accounts, domain admins, mailboxes): equal to the login, a dictionary word. */
  weakPassword: { login: 0.05, dictionary: 0.05 },
  /** Of contacts (resellers, customers, domain administrators). */
  invalidEmail: 0.05,
  nonAsciiName: 0.15,
  nonAsciiCompany: 0.15,
  /** Of resellers and customers: an interface language VoipNow lacks (ja-JP, pt-BR, zh-CN, ru-RU). */
  unsupportedLocale: 0.1,
  /** Of domains. */
  idnDomain: 0.1,
  /** Of resellers, customers and domains: status 16 (disabled by the administrator). */
  disabled: 0.03,
} as const;

export interface EstateCounts {
  resellers: number;
  customers: number;
  domains: number;
  mailboxes: number;
}

export function estateCounts(size: number): EstateCounts {
  if (!Number.isInteger(size) || size < 0 || size > MAX_SIZE) throw new RangeError(`estate size must be an integer from 0 to ${MAX_SIZE}`);
  const [r, c, d] =
    size < 100 ? [2 / 30, 5 / 30, 8 / 30] : [ESTATE_RATES.share.resellers, ESTATE_RATES.share.customers, ESTATE_RATES.share.domains];
  const resellers = Math.round(size * r);
  const customers = Math.round(size * c);
  let domains = Math.round(size * d);
  let mailboxes = size - resellers - customers - domains;
  // Mailboxes need a domain to live in.
  if (domains === 0 && mailboxes > 0) [domains, mailboxes] = [mailboxes, 0];
  return { resellers, customers, domains, mailboxes };
}

/**
 * Exactly round(count x weight) of each key (largest remainder), at least one of each key with a
 * positive weight when there are enough items, in a seeded random order.
 */
export function allot<K extends string>(count: number, weights: Readonly<Record<K, number>>, rng: Prng): K[] {
  const keys = Object.keys(weights) as K[];
  const exact = keys.map((k) => count * weights[k]);
  const counts = exact.map(Math.floor);
  let rest = count - counts.reduce((a, b) => a + b, 0);
  const byFraction = keys
    .map((_, i) => i)
    .sort((a, b) => (exact[b] as number) - Math.floor(exact[b] as number) - ((exact[a] as number) - Math.floor(exact[a] as number)));
  for (const i of byFraction) {
    if (rest <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    rest--;
  }
  const positive = keys.filter((k) => weights[k] > 0).length;
  keys.forEach((k, i) => {
    if (weights[k] > 0 && counts[i] === 0 && count >= positive) {
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest] = (counts[largest] as number) - 1;
      counts[i] = 1;
    }
  });
  const out: K[] = [];
  keys.forEach((k, i) => {
    for (let n = 0; n < (counts[i] as number); n++) out.push(k);
  });
  return rng.shuffle(out);
}

export function flags(count: number, rate: number, rng: Prng): boolean[] {
  return allot(count, { yes: rate, no: 1 - rate }, rng).map((v) => v === 'yes');
}

const pad = (n: number): string => String(n).padStart(2, '0');

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

interface ContactCase {
  nonAsciiName: boolean;
  nonAsciiCompany: boolean;
  invalidEmail: boolean;
}

export class EstateGenerator {
  readonly rng: Prng;
  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  crDate(): string {
    return `${2008 + this.rng.int(18)}-${pad(1 + this.rng.int(12))}-${pad(1 + this.rng.int(28))}`;
  }

  contact(cases: ContactCase, country: Country): SimContact {
    const rng = this.rng;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const name = cases.nonAsciiName ? rng.pick(NON_ASCII_NAMES) : `${first} ${last}`;
    const local = slug(`${first}.${last}`) || 'contact';
    const email = cases.invalidEmail
      ? rng.pick(INVALID_EMAILS).replace('{local}', local)
      : `${local}@example.${rng.pick(['com', 'net', 'org'])}`;
    return {
      pname: name,
      cname: cases.nonAsciiCompany ? rng.pick(NON_ASCII_COMPANIES) : `${last} ${rng.pick(COMPANY_SUFFIXES)}`,
      email,
      phone: `+${country.dial} ${rng.digits(3)} ${rng.digits(7)}`,
      fax: `+${country.dial} ${rng.digits(3)} ${rng.digits(7)}`,
      address: `${rng.pick(STREETS)} ${1 + rng.int(200)}`,
      city: country.city,
      state: country.state,
      pcode: country.pcode,
      country: country.code,
      locale: country.locale,
    };
  }

  country(unsupported: boolean): Country {
    return this.rng.pick(unsupported ? UNSUPPORTED_COUNTRIES : SUPPORTED_COUNTRIES);
  }

  strongPassword(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+';
    let out = '';
    for (let i = 0; i < 14; i++) out += alphabet[this.rng.int(alphabet.length)];
    return out;
  }

  domainName(id: number, idn: boolean): { name: string; asciiName: string } {
    const first = idn ? this.rng.pick(IDN_WORDS) : this.rng.pick(DOMAIN_WORDS);
    const name = `${first}-${this.rng.pick(DOMAIN_WORDS)}${id}.${this.rng.pick(TLDS)}`;
    return { name, asciiName: domainToASCII(name) || name };
  }

  admin(
    domain: { id: number; asciiName: string },
    contact: SimContact,
    enabled: boolean,
    missing: 'password' | 'phone' | 'address' | undefined,
  ): SimDomainAdmin {
    const admin: SimDomainAdmin = {
      guid: this.rng.guid(),
      // Plesk 8/9 domain users log in with the domain name; we use it for the additional user too.
      login: domain.asciiName,
      password: '',
      enabled,
      name: contact.pname,
      email: contact.email,
      company: contact.cname,
      phone: missing === 'phone' ? '' : contact.phone,
      fax: missing === 'phone' ? '' : contact.fax,
      address: missing === 'address' ? '' : contact.address,
      city: missing === 'address' ? '' : contact.city,
      state: contact.state,
      pcode: contact.pcode,
      country: contact.country,
    };
    if (missing === 'password') delete admin.password;
    return admin;
  }

  mailboxName(taken: Set<string>): string {
    const base = this.rng.chance(0.5) ? this.rng.pick(MAIL_NAMES) : slug(`${this.rng.pick(FIRST_NAMES)}.${this.rng.pick(LAST_NAMES)}`);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  }
}
