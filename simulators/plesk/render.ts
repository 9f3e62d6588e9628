import { type SimContact, type SimCustomer, type SimDomain, type SimDomainAdmin, type SimMailbox, type SimReseller } from './model';
import { type EstateStore } from './store';
import { el, node } from './xml';

/**
 * The data blocks of get responses, element by element in schema order (Plesk validates order;
 * clients that follow the XSD may rely on it). ASSUMED elements are marked where they appear.
 */

function contactFields(c: SimContact): string {
  return (
    el('phone', c.phone) +
    el('fax', c.fax) +
    el('email', c.email) +
    el('address', c.address) +
    el('city', c.city) +
    el('state', c.state) +
    el('pcode', c.pcode) +
    el('country', c.country) +
    el('locale', c.locale)
  );
}

/**
 * customer gen_info (Plesk 10+) and client gen_info (Plesk 8/9). Plesk 8/9 still returned the
 * password in clear text; current Plesk returns none (ASSUMED, reference section 9).
 */
export function customerGenInfo(store: EstateStore, c: SimCustomer, legacy: boolean, withOwner: boolean): string {
  const password = legacy ? el('password', c.password) + el('password_type', 'plain') : '';
  const owner = withOwner ? el('owner-id', c.ownerId) + el('owner-login', store.loginOf(c.ownerId)) : '';
  return node(
    'gen_info',
    el('cr_date', c.crDate) +
      el('cname', c.contact.cname) +
      el('pname', c.contact.pname) +
      el('login', c.login) +
      el('status', c.status) +
      contactFields(c.contact) +
      password +
      el('guid', c.guid) +
      owner +
      (legacy ? '' : el('external-id') + el('description')),
  );
}

/** reseller gen-info: hyphenated names, no owner (always the administrator). */
export function resellerGenInfo(r: SimReseller, legacy: boolean): string {
  const password = legacy ? el('password', r.password) + el('password-type', 'plain') : '';
  return node(
    'gen-info',
    el('cr-date', r.crDate) +
      el('cname', r.contact.cname) +
      el('pname', r.contact.pname) +
      el('login', r.login) +
      el('status', r.status) +
      contactFields(r.contact) +
      password +
      el('guid', r.guid) +
      el('external-id') +
      el('description'),
  );
}

const IP = '192.0.2.10';

/** webspace gen_info: owner-id only, like the documentation's sample (no owner-login). */
export function webspaceGenInfo(d: SimDomain): string {
  return node(
    'gen_info',
    el('cr_date', d.crDate) +
      el('name', d.name) +
      el('ascii-name', d.asciiName) +
      el('status', d.status) +
      el('real_size', 0) +
      el('owner-id', d.ownerId) +
      el('dns_ip_address', IP) +
      el('htype', 'vrt_hst') +
      el('guid', d.guid) +
      el('vendor-guid') +
      el('external-id') +
      el('description'),
  );
}

export function siteGenInfo(store: EstateStore, d: SimDomain): string {
  const webspace = store.webspaceOf(d);
  return node(
    'gen_info',
    el('cr_date', d.crDate) +
      el('name', d.name) +
      el('ascii-name', d.asciiName) +
      el('status', d.status) +
      el('real_size', 0) +
      el('dns_ip_address', IP) +
      el('htype', 'vrt_hst') +
      el('guid', d.guid) +
      el('webspace-guid', webspace?.guid) +
      el('webspace-id', d.webspaceId) +
      el('description'),
  );
}

/**
 * Plesk 8/9 domain gen_info. ascii-name there is ASSUMED; the owner is owner-id from 1.6.0.0 on,
 * client_id before (ASSUMED, reference section 2).
 */
export function legacyDomainGenInfo(store: EstateStore, d: SimDomain, ownerIdElement: 'owner-id' | 'client_id'): string {
  return node(
    'gen_info',
    el('cr_date', d.crDate) +
      el('name', d.name) +
      el('ascii-name', d.asciiName) +
      el('status', d.status) +
      el('real_size', 0) +
      el(ownerIdElement, store.ownerIdOf(d)) +
      el('dns_ip_address', IP) +
      el('htype', 'vrt_hst') +
      el('guid', d.guid),
  );
}

/**
 * Plesk 8/9 <user> node of a domain: every domain has one, disabled when nobody administers it.
 * A site (no Plesk 8/9 counterpart) shows its webspace's domain user.
 */
export function legacyDomainUser(store: EstateStore, d: SimDomain): string {
  const admin = store.webspaceOf(d)?.admin;
  if (!admin) return node('user', el('enabled', 'false'));
  return node(
    'user',
    el('enabled', admin.enabled) +
      el('password', admin.password) +
      el('password_type', admin.password === undefined ? undefined : 'plain') +
      el('cname', admin.company) +
      el('pname', admin.name) +
      el('phone', admin.phone) +
      el('fax', admin.fax) +
      el('email', admin.email) +
      el('address', admin.address) +
      el('city', admin.city) +
      el('state', admin.state) +
      el('pcode', admin.pcode) +
      el('country', admin.country) +
      el('multiply_login', 'false') +
      node('perms', el('manage_phosting', 'true') + el('manage_subdomains', 'true')),
  );
}

/** A Plesk 10+ user: a domain administrator's fields plus what the user operator adds. */
export interface SimUser extends Omit<SimDomainAdmin, 'password'> {
  ownerGuid: string;
  builtIn: boolean;
  subscriptionId: number | undefined;
  password: string | undefined;
}

/** The built-in user of an account (its own login into the panel). */
export function builtInUser(account: SimReseller | SimCustomer): SimUser {
  const c = account.contact;
  return {
    login: account.login,
    name: c.pname,
    email: c.email,
    ownerGuid: account.guid,
    enabled: account.status === 0,
    guid: account.guid,
    builtIn: true,
    subscriptionId: undefined,
    password: undefined,
    company: c.cname,
    phone: c.phone,
    fax: c.fax,
    address: c.address,
    city: c.city,
    state: c.state,
    pcode: c.pcode,
    country: c.country,
  };
}

/** A domain administrator as a Plesk 10+ additional user limited to one subscription. */
export function adminUser(admin: SimDomainAdmin, webspaceId: number, ownerGuid: string): SimUser {
  return { ...admin, ownerGuid, builtIn: false, subscriptionId: webspaceId, password: admin.password };
}

/**
 * user gen-info. `email` and `password` are ASSUMED (not in Plesk's documented gen-info): the
 * product needs the domain administrator's email and password, so the simulator offers them.
 */
export function userGenInfo(u: SimUser): string {
  return node(
    'gen-info',
    el('login', u.login) +
      el('name', u.name) +
      el('email', u.email) +
      el('owner-guid', u.ownerGuid) +
      el('status', u.enabled ? 'enabled' : 'disabled') +
      el('guid', u.guid) +
      el('is-built-in', u.builtIn ? 1 : 0) +
      (u.subscriptionId === undefined ? '' : el('subscription-domain-id', u.subscriptionId)) +
      node(
        'contact-info',
        el('company', u.company) +
          el('phone', u.phone) +
          el('fax', u.fax) +
          el('address', u.address) +
          el('city', u.city) +
          el('state', u.state) +
          el('zip', u.pcode) +
          el('country', u.country),
      ) +
      el('external-id') +
      (u.password === undefined ? '' : el('password', u.password)),
  );
}

/**
 * A mail name. Current Plesk: <password><value/><type/></password>; Plesk 8/9 a flat
 * <password>/<password_type> pair (ASSUMED). No password: an empty <password/>, like the docs sample.
 */
export function mailname(m: SimMailbox, legacy: boolean): string {
  const password =
    m.password === undefined
      ? el('password')
      : legacy
        ? el('password', m.password) + el('password_type', 'plain')
        : node('password', el('value', m.password) + el('type', 'plain'));
  return node(
    'mailname',
    el('id', m.id) + el('name', m.name) + node('mailbox', el('enabled', m.enabled) + el('quota', m.quota)) + password,
  );
}
