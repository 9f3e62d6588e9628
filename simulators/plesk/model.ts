/**
 * The simulated Plesk server's data, as persisted in plesk-sim.json. One account ID space holds
 * the administrator, resellers and customers (Plesk's `clients` table); one domain ID space holds
 * webspaces and sites (Plesk's `domains` table); mail names have their own.
 */

export interface SimContact {
  /** Contact person (Plesk pname). */
  pname: string;
  /** Company (Plesk cname). */
  cname: string;
  email: string;
  phone: string;
  fax: string;
  address: string;
  city: string;
  state: string;
  pcode: string;
  country: string;
  locale: string;
}

interface SimAccount {
  id: number;
  guid: string;
  login: string;
  password: string;
  /** 0 active, 16 disabled by admin (Plesk object status). */
  status: number;
  crDate: string;
  contact: SimContact;
}

export type SimReseller = SimAccount;

export interface SimCustomer extends SimAccount {
  /** The administrator's ID or a reseller's. */
  ownerId: number;
}

/** A domain administrator: a Plesk 8/9 domain user, or a Plesk 10+ additional user limited to one subscription. */
export interface SimDomainAdmin {
  guid: string;
  login: string;
  /** Absent: the server returns none (an incomplete domain administrator). */
  password?: string;
  /** Disabled domain users are not domain administrators. */
  enabled: boolean;
  name: string;
  email: string;
  company: string;
  phone: string;
  fax: string;
  address: string;
  city: string;
  state: string;
  pcode: string;
  country: string;
}

export interface SimDomain {
  id: number;
  guid: string;
  /** As shown (Unicode for IDN). */
  name: string;
  asciiName: string;
  type: 'webspace' | 'site';
  /** Webspaces only: the owning account (administrator, reseller or customer). */
  ownerId?: number;
  /** Sites only: the subscription they live in; they are owned through it. */
  webspaceId?: number;
  status: number;
  crDate: string;
  /** Webspaces only. */
  admin?: SimDomainAdmin;
}

export interface SimMailbox {
  id: number;
  domainId: number;
  /** Local part. */
  name: string;
  /** Absent: the mailbox has no password the server can show. */
  password?: string;
  /** false: a mail name without a mailbox (forwarding only). */
  enabled: boolean;
  /** Bytes; -1 unlimited. */
  quota: number;
}

export interface SimEstate {
  format: 1;
  seed: number;
  size: number;
  admin: { id: number; login: string; guid: string; contact?: SimContact };
  nextAccountId: number;
  nextDomainId: number;
  nextMailboxId: number;
  resellers: SimReseller[];
  customers: SimCustomer[];
  domains: SimDomain[];
  mailboxes: SimMailbox[];
}

export const ADMIN_ID = 1;
