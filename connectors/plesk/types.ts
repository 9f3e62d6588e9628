/**
 * The Plesk connector's options and what it returns: the domain's records (domain/records.ts).
 * Plesk 10+ says "customer", Plesk 8/9 and the product say "client": the records carry
 * `kind: 'client'`, while the methods keep Plesk's current names.
 */
import type { Contact, PleskDomain, PleskMailbox, PleskPerson } from '../../domain/records';

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

export interface PleskEstate {
  protocol: PleskProtocol;
  resellers: PleskPerson[];
  customers: PleskPerson[];
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
export type PleskDomainRef = string | Pick<PleskDomain, 'pleskId' | 'name' | 'asciiName'>;

export interface PleskClient {
  /** Asks the server which protocols it speaks and picks the dialect (cached after the first call). */
  negotiate(): Promise<PleskProtocol>;
  listResellers(): Promise<PleskPerson[]>;
  listCustomers(): Promise<PleskPerson[]>;
  /** Webspaces and sites, each with its owner and domain administrator. */
  listDomains(): Promise<PleskDomain[]>;
  /** Mailboxes of the given domains; domains that vanished meanwhile are skipped. */
  listMailboxes(domains: readonly PleskDomainRef[]): Promise<PleskMailbox[]>;
  /** The Plesk administrator's contact data: domains it owns take it. */
  getAdminContact(): Promise<Contact>;
  /** null when Plesk has no such account (error 1013). */
  getReseller(id: string): Promise<PleskPerson | null>;
  getCustomer(id: string): Promise<PleskPerson | null>;
  /** A reseller or a client, by the product's kind. */
  getPerson(kind: PleskPerson['kind'], id: string): Promise<PleskPerson | null>;
  getDomain(id: string): Promise<PleskDomain | null>;
  /** Throws SyncError pleskAccountNotFound when the domain does not exist. */
  getMailboxes(domainId: string): Promise<PleskMailbox[]>;
  /** One mail name by its key's Plesk ID (`<domain ID>.<mail name ID>`); null when it or its domain is gone. */
  getMailbox(pleskId: string): Promise<PleskMailbox | null>;
  /** Everything at once: IDs first, then details in batches (the XML API has no paging). */
  readEstate(): Promise<PleskEstate>;
  /** Frees kept-alive connections. */
  close(): void;
}
