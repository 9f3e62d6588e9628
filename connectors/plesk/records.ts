import { domainToASCII } from 'node:url';
import { mailboxPleskId } from '../../domain/accounts';
import { missingAdministratorData } from '../../domain/mapping';
import type { Contact, DomainAdministrator, PleskMailbox, PleskPerson } from '../../domain/records';
import { child, text, type XmlNode } from './xml';

/**
 * Turning Plesk's XML into the domain's records. Field names differ per operator
 * (customer gen_info vs reseller gen-info, pcode vs zip); everything else about the two dialects
 * is the same here.
 */

/** Contact data of a customer/client or reseller gen_info/gen-info block. */
export function contactOf(info: XmlNode | undefined): Contact {
  const t = (name: string): string => text(info, name) ?? '';
  return {
    name: t('pname'),
    company: t('cname'),
    email: t('email'),
    phone: t('phone'),
    fax: t('fax'),
    address: t('address'),
    city: t('city'),
    state: t('state'),
    pcode: t('pcode'),
    country: t('country'),
    locale: t('locale'),
  };
}

/**
 * A password we can use: only a clear-text one. Plesk marks the kind in password_type /
 * password-type (plain, crypt, sym); a hash is no password for us.
 */
export function plainPassword(value: string | undefined, type: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (type !== undefined && type !== '' && type !== 'plain') return undefined;
  return value;
}

function statusOf(info: XmlNode | undefined): number {
  const value = Number(text(info, 'status'));
  return Number.isFinite(value) ? value : 0;
}

/** The owner's account ID: owner-id since Plesk 9 (1.6.0.0), client_id before (domains only). */
export function ownerIdOf(info: XmlNode | undefined): string | undefined {
  return text(info, 'owner-id') || text(info, 'client_id') || undefined;
}

/** What resellers and customers share; only the password-type element is spelled differently. */
function accountOf(id: string, info: XmlNode | undefined, passwordTypeElement: string) {
  return {
    pleskId: id,
    guid: text(info, 'guid') || undefined,
    login: text(info, 'login') ?? '',
    status: statusOf(info),
    contact: contactOf(info),
    password: plainPassword(text(info, 'password'), text(info, passwordTypeElement)),
  };
}

/** Reseller from a result whose data holds gen-info (hyphenated in the reseller operator). */
export function resellerOf(id: string, info: XmlNode | undefined): PleskPerson {
  return { kind: 'reseller', ...accountOf(id, info, 'password-type'), owner: { kind: 'admin' } };
}

/**
 * Customer (client) from gen_info. Its owner is resolved by the caller from owner-id: Plesk gives
 * an ID in the shared account ID space, which can be a reseller's or the administrator's.
 */
export function customerOf(id: string, info: XmlNode | undefined, resellerIds: ReadonlySet<string>): PleskPerson {
  const ownerId = ownerIdOf(info);
  return {
    kind: 'client',
    ...accountOf(id, info, 'password_type'),
    owner: ownerId && resellerIds.has(ownerId) ? { kind: 'reseller', pleskId: ownerId } : { kind: 'admin' },
  };
}

export function adminWith(login: string, contact: Contact, password: string | undefined): DomainAdministrator {
  const missing = missingAdministratorData({ contact, ...(password ? { password } : {}) });
  return { login, contact, password, missing, complete: missing.length === 0 };
}

/**
 * Modern dialect: an additional user's gen-info. `email` and `password` are not in Plesk's
 * documented user gen-info; we read them when present (ASSUMED, docs/decisions/020).
 */
export function userAdminOf(info: XmlNode): DomainAdministrator {
  const contactInfo = child(info, 'contact-info');
  const c = (name: string): string => text(contactInfo, name) ?? '';
  const contact: Contact = {
    name: text(info, 'name') ?? '',
    company: c('company'),
    email: text(info, 'email') || c('email'),
    phone: c('phone'),
    fax: c('fax'),
    address: c('address'),
    city: c('city'),
    state: c('state'),
    pcode: c('zip'),
    country: c('country'),
    locale: '',
  };
  return adminWith(text(info, 'login') ?? '', contact, plainPassword(text(info, 'password'), undefined));
}

/**
 * Legacy dialect: the domain's <user> node. A disabled domain user is no domain administrator
 * (Plesk 8/9 keep the node on every domain, disabled until the admin enables it). The login of a
 * Plesk 8/9 domain user is the domain name, in its ASCII form (ASSUMED, docs/decisions/020).
 */
export function legacyAdminOf(user: XmlNode | undefined, domainName: string): DomainAdministrator | null {
  if (!user || text(user, 'enabled') !== 'true') return null;
  const contact = { ...contactOf(user), locale: '' };
  return adminWith(domainName, contact, plainPassword(text(user, 'password'), text(user, 'password_type')));
}

export function asciiNameOf(info: XmlNode | undefined, name: string): string {
  return text(info, 'ascii-name') || domainToASCII(name) || name;
}

/** A mailname of a mail get_info result; undefined when the result carries none. */
export function mailboxOf(result: XmlNode, domain: { id: string; name: string; asciiName: string }): PleskMailbox | undefined {
  const mailname = child(result, 'mailname');
  const id = text(mailname, 'id');
  const name = text(mailname, 'name');
  if (!mailname || !id || !name) return undefined;
  // Current Plesk: <password><value/><type/></password>; Plesk 8/9: <password>x</password><password_type/>.
  const password = child(mailname, 'password');
  const flat = mailname['password']?.[0];
  const value = typeof flat === 'string' ? flat : text(password, 'value');
  const type = typeof flat === 'string' ? text(mailname, 'password_type') : text(password, 'type');
  return {
    kind: 'mailbox',
    pleskId: mailboxPleskId(domain.id, id),
    mailNameId: id,
    domainId: domain.id,
    name,
    address: `${name}@${domain.name}`,
    asciiAddress: `${name}@${domain.asciiName}`,
    enabled: text(child(mailname, 'mailbox'), 'enabled') === 'true',
    password: plainPassword(value, type),
  };
}
