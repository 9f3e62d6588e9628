/**
 * "Important data": the fields of a Plesk account that end up in VoipNow (spec section 2), plus
 * its owner. Discovery compares a hash of them between scans: a different hash means the account
 * changed, so an account that failed with a data error is tried again, and a different owner
 * means it moved. Pure; the hash function is passed in (node:crypto in activities).
 */
import type { Contact, DomainAdministrator } from './mapping';

const CONTACT_FIELDS = ['name', 'company', 'email', 'phone', 'fax', 'address', 'city', 'state', 'pcode', 'country', 'locale'] as const;

function contactText(contact: Partial<Contact> | undefined): string[] {
  return CONTACT_FIELDS.map((field) => contact?.[field] ?? '');
}

export interface PersonFacts {
  login: string;
  contact: Contact;
  ownerKind: string;
  ownerId?: string;
  password?: string;
}

export interface DomainFacts {
  name: string;
  asciiName: string;
  ownerKind: string;
  ownerId?: string;
  administrator?: DomainAdministrator;
}

export interface MailboxFacts {
  address: string;
  password?: string;
}

/** The text whose hash is the account's dataHash. Passwords count (a new one must reach VoipNow). */
export function importantPersonData(facts: PersonFacts): string {
  return ['person', facts.login, facts.ownerKind, facts.ownerId ?? '', ...contactText(facts.contact), facts.password ?? ''].join('\u0000');
}

export function importantDomainData(facts: DomainFacts): string {
  const admin = facts.administrator;
  return [
    'domain',
    facts.name,
    facts.asciiName,
    facts.ownerKind,
    facts.ownerId ?? '',
    admin ? 'admin' : 'none',
    admin?.login ?? '',
    ...contactText(admin?.contact),
    admin?.password ?? '',
  ].join('\u0000');
}

export function importantMailboxData(facts: MailboxFacts): string {
  return ['mailbox', facts.address, facts.password ?? ''].join('\u0000');
}
