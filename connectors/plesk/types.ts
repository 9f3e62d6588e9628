import type { Contact, DomainAdminField } from '../../domain/mapping';
/**
 * What the Plesk connector returns, in the product's words. Plesk 10+ says "customer", Plesk 8/9
 * and the product say "client": the records carry `kind: 'client'` so they line up with
 * domain/accounts.ts (AccountKind), while the methods keep Plesk's current names.
 * IDs are Plesk's own object IDs as text, like AccountKey.pleskId.
 */

export type PleskDialect = 'modern' | 'legacy';

export interface PleskProtocol {
  /** The packet version every request carries, e.g. 1.6.9.0. */
  protocol: string;
  /** modern: customer/reseller/webspace/site/user (Plesk 10+); legacy: client/domain with its <user> node (Plesk 8/9). */
  dialect: PleskDialect;
  /**
   * Whether domain administrators can be read: always on legacy (the domain's <user> node); on
   * modern only up to protocol 1.6.9.0, the last version with the `user` operator.
   */
  domainAdmins: boolean;
}

/**
 * Contact data as Plesk keeps it, in the product's field names (domain/mapping.ts Contact): name is
 * Plesk's pname, company its cname, pcode its pcode or (additional users) zip; an empty string
 * when Plesk has nothing; locale e.g. en-US, '' for domain administrators, who have none in Plesk.
 */
export type PleskContact = Required<Contact>;

/** Who owns an account: the Plesk administrator, a reseller or a client (customer). */
export type PleskOwner = { kind: 'admin' } | { kind: 'reseller'; id: string } | { kind: 'client'; id: string };

interface PleskAccount {
  id: string;
  guid: string | undefined;
  login: string;
  /** Plesk object status: 0 active, 16 disabled by admin, 32 by reseller, 64 by customer, 256 expired. */
  status: number;
  contact: PleskContact;
  /**
   * Present only when the server returns one in clear text (Plesk 8/9 did; current Plesk stores
   * hashes and returns none).
   */
  password: string | undefined;
}

export interface PleskReseller extends PleskAccount {
  kind: 'reseller';
  /** Resellers are always owned by the administrator. */
  owner: { kind: 'admin' };
}

export interface PleskCustomer extends PleskAccount {
  kind: 'client';
  owner: { kind: 'admin' } | { kind: 'reseller'; id: string };
}

// The rule of which fields a domain administrator needs lives in domain/ (spec section 2).
export { DOMAIN_ADMIN_REQUIRED, type DomainAdminField } from '../../domain/mapping';

export interface PleskDomainAdmin {
  /** modern: the additional user's login; legacy: the domain's ASCII name (Plesk 8/9 logs domain users in by domain name). */
  login: string;
  contact: PleskContact;
  password: string | undefined;
  /** Required fields that are empty; an admin with any missing is "incomplete" (spec section 2). */
  missing: DomainAdminField[];
  complete: boolean;
}

export interface PleskDomain {
  kind: 'domain';
  id: string;
  guid: string | undefined;
  /** The name as shown in Plesk (Unicode for IDN domains). */
  name: string;
  /** Punycode form (ascii-name). */
  asciiName: string;
  /** webspace: a subscription's main domain (a Plesk 8/9 domain); site: an additional domain inside one. */
  type: 'webspace' | 'site';
  /** For a site: the subscription it lives in. */
  webspaceId: string | undefined;
  status: number;
  /** The owner of the subscription (for a site, of its webspace). */
  owner: PleskOwner;
  /** null: no (enabled) domain administrator, or the server cannot tell (see PleskProtocol.domainAdmins). */
  admin: PleskDomainAdmin | null;
}

export interface PleskMailbox {
  kind: 'mailbox';
  id: string;
  domainId: string;
  /** Local part only. */
  name: string;
  /** name@domain with the domain as shown (Unicode). */
  address: string;
  /** name@ascii-name, for systems that need ASCII. */
  asciiAddress: string;
  /** false: a mail name without a mailbox (forwarding or alias only). */
  enabled: boolean;
  /** Present only when the server returns a plain-text password. */
  password: string | undefined;
}

export interface PleskEstate {
  protocol: PleskProtocol;
  resellers: PleskReseller[];
  customers: PleskCustomer[];
  domains: PleskDomain[];
  mailboxes: PleskMailbox[];
}

export type PleskAuth = { method: 'password'; login: string; password: string } | { method: 'key'; key: string };

export interface PleskClientOptions {
  /** https://host:8443 (agent.php is appended) or the full agent.php URL. */
  url: string;
  auth: PleskAuth;
  /** Verify the server certificate. Default false: Plesk servers usually run with self-signed certificates. */
  tlsVerify?: boolean;
  /** Per packet, including reading the body. Default 60000. */
  timeoutMs?: number;
  /** IDs per detail packet, and mail get_info operations per packet. Default 100. */
  batchSize?: number;
  /** Packets in flight at once during list reads. Default 4. */
  concurrency?: number;
  /** Responses larger than this are refused while streaming. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Force a packet version instead of negotiating (falls back to negotiation when the server answers 1005). */
  protocol?: string;
}

/** A domain as listMailboxes needs it: an ID, or an ID with its names (saves a lookup). */
export type PleskDomainRef = string | Pick<PleskDomain, 'id' | 'name' | 'asciiName'>;

export interface PleskClient {
  /** Asks the server which protocols it speaks and picks the dialect (cached after the first call). */
  negotiate(): Promise<PleskProtocol>;
  listResellers(): Promise<PleskReseller[]>;
  listCustomers(): Promise<PleskCustomer[]>;
  /** Webspaces and sites, each with its owner and domain administrator. */
  listDomains(): Promise<PleskDomain[]>;
  /** Mailboxes of the given domains; domains that vanished meanwhile are skipped. */
  listMailboxes(domains: readonly PleskDomainRef[]): Promise<PleskMailbox[]>;
  /** null when Plesk has no such account (error 1013). */
  getReseller(id: string): Promise<PleskReseller | null>;
  getCustomer(id: string): Promise<PleskCustomer | null>;
  getDomain(id: string): Promise<PleskDomain | null>;
  /** Throws SyncError pleskAccountNotFound when the domain does not exist. */
  getMailboxes(domainId: string): Promise<PleskMailbox[]>;
  /** Everything at once: IDs first, then details in batches (the XML API has no paging). */
  readEstate(): Promise<PleskEstate>;
  /** Frees kept-alive connections. */
  close(): void;
}
