/**
 * The two systems' accounts as the product knows them: one record per Plesk account (reseller,
 * client, domain, mailbox) and one per VoipNow account. The connectors return and take these
 * records; the rules (mapping.ts, fingerprint.ts) and the engine read them as they are.
 */
import type { AccountKind, VoipnowKind } from './accounts';

/**
 * Contact data in the product's words: name is Plesk's pname, company its cname, pcode its pcode
 * or (additional users) zip. An empty string when Plesk has nothing.
 */
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
  /** Plesk locale, e.g. de-DE; '' for domain administrators, who have none in Plesk. */
  locale: string;
}

/** Who owns a Plesk account: the Plesk administrator, a reseller or a client (customer). */
export type PleskOwner = { kind: 'admin' } | { kind: 'reseller' | 'client'; pleskId: string };

/** What every Plesk account record has; `pleskId` is Plesk's own ID as text, as in AccountKey. */
interface PleskRecord {
  kind: AccountKind;
  pleskId: string;
}

/** A Plesk reseller or client (Plesk 10+ says customer). */
export interface PleskPerson extends PleskRecord {
  kind: 'reseller' | 'client';
  guid: string | undefined;
  login: string;
  /** Plesk object status: 0 active, 16 disabled by admin, 32 by reseller, 64 by customer, 256 expired. */
  status: number;
  contact: Contact;
  /** Only when Plesk returns one in clear text (Plesk 8/9 did; current Plesk keeps hashes). */
  password?: string | undefined;
  /** Resellers are owned by the administrator; a client by the administrator or a reseller. */
  owner: { kind: 'admin' } | { kind: 'reseller'; pleskId: string };
}

/**
 * The data spec section 2 takes from a domain administrator; if any of it is missing the
 * administrator is "incomplete" and the owner's data plus a generated password are used instead.
 */
export const DOMAIN_ADMIN_REQUIRED = ['address', 'email', 'phone', 'fax', 'company', 'city', 'state', 'pcode', 'password'] as const;
export type DomainAdminField = (typeof DOMAIN_ADMIN_REQUIRED)[number];

export interface DomainAdministrator {
  /** modern Plesk: the additional user's login; Plesk 8/9: the domain's ASCII name. */
  login: string;
  contact: Contact;
  password?: string | undefined;
  /** Required fields that are empty (missingAdministratorData), as read. */
  missing: DomainAdminField[];
  complete: boolean;
  /** false: disabled in Plesk (the connector reports a disabled administrator as none). */
  enabled?: boolean;
}

/** A domain: a subscription's main domain (webspace; every Plesk 8/9 domain) or a site inside one. */
export interface PleskDomain extends PleskRecord {
  kind: 'domain';
  guid: string | undefined;
  /** As shown in Plesk (Unicode for IDN domains), e.g. münchen.de. */
  name: string;
  /** Punycode, e.g. xn--mnchen-3ya.de. */
  asciiName: string;
  type: 'webspace' | 'site';
  /** For a site: the subscription it lives in. */
  webspaceId: string | undefined;
  status: number;
  /** The owner of the subscription (for a site, of its webspace). */
  owner: PleskOwner;
  /** null: no (enabled) domain administrator, or a Plesk that cannot tell (protocol 1.6.9.1+). */
  administrator: DomainAdministrator | null;
}

/** A mail name of a domain; only an enabled one is a mailbox worth an extension. */
export interface PleskMailbox extends PleskRecord {
  kind: 'mailbox';
  /** `<domain ID>.<mail name ID>` (mailboxPleskId): Plesk reads mail per domain. */
  pleskId: string;
  /** Plesk's ID of the mail name. */
  mailNameId: string;
  domainId: string;
  /** Local part only. */
  name: string;
  /** name@domain with the domain as shown (Unicode). */
  address: string;
  /** name@ascii-name, for systems that need ASCII. */
  asciiAddress: string;
  /** false: a mail name without a mailbox (forwarding or alias only). */
  enabled: boolean;
  password?: string | undefined;
}

/** Any Plesk account, told apart by `kind` like an AccountKey. */
export type PleskAccount = PleskPerson | PleskDomain | PleskMailbox;

/** The ClientInfo fields we send to VoipNow, in the product's words (derived by mapping.ts). */
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
  /** VoipNow's region ID (PBX GetRegions) matching the Plesk state, when one does. */
  region?: number;
  /** The Plesk state text, only when no VoipNow region of the country matches it. */
  notes: string;
}

/** A VoipNow account as the engine finds, reads and links it. */
export interface VoipnowAccount {
  kind: VoipnowKind;
  id: number;
  login: string;
  /** The VoipNow account it sits under. */
  parentId?: number;
  /** Our SOAP tag (VoipNow's serverID), when the account carries one. */
  tag?: string;
}

/** A VoipNow account to create: its data, password, our tag, and where and from which template. */
export interface NewVoipnowAccount extends VoipnowAccountData {
  password: string;
  tag: string;
  /** The VoipNow parent; absent: the admin (resellers; clients of the Plesk admin). */
  parentId?: number;
  templateId?: number;
}
