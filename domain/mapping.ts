/**
 * How a Plesk account becomes a VoipNow account (product spec sections 1 and 2): which contact
 * data, which login, which password. Pure: the activity reads Plesk, calls these rules, and
 * sends the result to VoipNow.
 */
import type { AccountKind } from './accounts';

export interface Contact {
  name: string;
  company: string;
  email: string;
  phone: string;
  fax: string;
  address: string;
  city: string;
  state: string;
  pcode: string;
  country: string;
  /** Plesk locale, e.g. de-DE. */
  locale?: string;
}

/** A Plesk reseller or client (customer). */
export interface PleskPerson {
  kind: Extract<AccountKind, 'reseller' | 'client'>;
  pleskId: string;
  login: string;
  contact: Contact;
  /** Plesk rarely returns it; when it does we keep it. */
  password?: string;
  /** A client's owner: the admin or a reseller. Resellers are owned by the admin. */
  owner?: { kind: 'reseller' | 'admin'; pleskId?: string };
}

export interface DomainAdministrator {
  login?: string;
  enabled?: boolean;
  contact: Partial<Contact>;
  password?: string;
}

export interface PleskDomainRecord {
  pleskId: string;
  /** Unicode name, e.g. münchen.de. */
  name: string;
  /** Punycode name, e.g. xn--mnchen-3ya.de. */
  asciiName: string;
  owner: { kind: 'reseller' | 'client' | 'admin'; pleskId?: string };
  administrator?: DomainAdministrator;
}

export interface PleskMailboxRecord {
  pleskId: string;
  domainId: string;
  /** Full address in ASCII (punycode domain), e.g. anna@xn--mnchen-3ya.de. */
  address: string;
  password?: string;
}

/** The ClientInfo fields we send to VoipNow, in the product's words. */
export interface VoipnowAccountData {
  name: string;
  company: string;
  login: string;
  email: string;
  phone: string;
  fax: string;
  address: string;
  city: string;
  pcode: string;
  country: string;
  interfaceLang?: string;
  /** The region is a numeric VoipNow ID; the Plesk state text goes into the notes instead. */
  notes: string;
}

export interface DerivedAccount {
  data: VoipnowAccountData;
  /** Present when Plesk gave the password; else the activity generates one. */
  password?: string;
  /** Where the contact data came from, for the log. */
  contactSource: 'self' | 'domainAdministrator' | 'owner';
}

/**
 * The data spec section 2 takes from a domain administrator; if any of it is missing the
 * administrator is "incomplete" and the owner's data plus a generated password are used instead.
 */
export const DOMAIN_ADMIN_REQUIRED = ['address', 'email', 'phone', 'fax', 'company', 'city', 'state', 'pcode', 'password'] as const;
export type DomainAdminField = (typeof DOMAIN_ADMIN_REQUIRED)[number];

/** The required fields a domain administrator lacks (empty when it is complete). */
export function missingAdministratorData(admin: DomainAdministrator): DomainAdminField[] {
  return DOMAIN_ADMIN_REQUIRED.filter((field) => {
    const value = field === 'password' ? admin.password : admin.contact[field];
    return !value?.trim();
  });
}

/** Present, enabled and complete: only then are its data and password used. */
export function isCompleteAdministrator(admin: DomainAdministrator | undefined): admin is DomainAdministrator & { password: string } {
  return Boolean(admin) && admin!.enabled !== false && missingAdministratorData(admin!).length === 0;
}

/** Plesk locale (de-DE, en_US, pt-BR) to VoipNow's two-letter interface language. */
export function interfaceLanguage(locale: string | undefined): string | undefined {
  const code = locale?.trim().slice(0, 2).toLowerCase();
  return code && /^[a-z]{2}$/.test(code) ? code : undefined;
}

function toData(contact: Partial<Contact>, login: string, locale: string | undefined): VoipnowAccountData {
  const text = (value: string | undefined) => (value ?? '').trim();
  const lang = interfaceLanguage(locale);
  return {
    name: text(contact.name) || login,
    company: text(contact.company),
    login,
    email: text(contact.email),
    phone: text(contact.phone),
    fax: text(contact.fax),
    address: text(contact.address),
    city: text(contact.city),
    pcode: text(contact.pcode),
    country: text(contact.country).toUpperCase(),
    ...(lang ? { interfaceLang: lang } : {}),
    notes: text(contact.state) ? `State/province: ${text(contact.state)}` : '',
  };
}

/** Plesk reseller or client to VoipNow reseller: its own contact details. */
export function deriveReseller(person: PleskPerson): DerivedAccount {
  return {
    data: toData(person.contact, person.login, person.contact.locale),
    ...(person.password ? { password: person.password } : {}),
    contactSource: 'self',
  };
}

/**
 * Domain to VoipNow client: the domain administrator's data and password when it is complete,
 * else the owner's data and interface language and a generated password.
 */
export function deriveClient(domain: PleskDomainRecord, owner: PleskPerson): DerivedAccount {
  const login = domain.asciiName.toLowerCase();
  const admin = domain.administrator;
  if (isCompleteAdministrator(admin)) {
    return {
      data: toData({ ...admin.contact, country: admin.contact.country || owner.contact.country }, login, owner.contact.locale),
      password: admin.password,
      contactSource: 'domainAdministrator',
    };
  }
  return { data: toData(owner.contact, login, owner.contact.locale), contactSource: 'owner' };
}

/**
 * Mailbox to phone-terminal extension: contact data from the domain administrator when complete,
 * else from the client owning the domain (with its language); the mailbox's own password, else a
 * generated one.
 */
export function deriveExtension(mailbox: PleskMailboxRecord, domain: PleskDomainRecord, owner: PleskPerson): DerivedAccount {
  const login = mailbox.address.toLowerCase();
  const admin = domain.administrator;
  const fromAdmin = isCompleteAdministrator(admin);
  const contact = fromAdmin ? { ...admin.contact, country: admin.contact.country || owner.contact.country } : owner.contact;
  return {
    data: toData(contact, login, owner.contact.locale),
    ...(mailbox.password ? { password: mailbox.password } : {}),
    contactSource: fromAdmin ? 'domainAdministrator' : 'owner',
  };
}
