import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_ID, type SimCustomer, type SimDomain, type SimEstate, type SimMailbox, type SimReseller } from './model';

/**
 * The simulator's live estate: maps by ID for the packet handlers, the mailboxes of each domain,
 * and the JSON file it persists to (written atomically: a temp file renamed over the old one, so
 * a crash mid-write never leaves half a state behind).
 */

export const STATE_FILE = 'plesk-sim.json';

export type AccountOwner = { kind: 'admin' } | { kind: 'reseller'; reseller: SimReseller } | { kind: 'customer'; customer: SimCustomer };

export class EstateStore {
  resellers = new Map<number, SimReseller>();
  customers = new Map<number, SimCustomer>();
  domains = new Map<number, SimDomain>();
  mailboxes = new Map<number, SimMailbox>();
  private mailboxesByDomain = new Map<number, Map<number, SimMailbox>>();
  /** Grows with every change, so derived views (the user list) know when to rebuild. */
  revision = 0;
  private meta!: Pick<SimEstate, 'seed' | 'size' | 'admin' | 'nextAccountId' | 'nextDomainId' | 'nextMailboxId'>;

  constructor(estate: SimEstate) {
    this.load(estate);
  }

  load(estate: SimEstate): void {
    this.revision++;
    const { seed, size, admin, nextAccountId, nextDomainId, nextMailboxId } = estate;
    this.meta = { seed, size, admin: { ...admin }, nextAccountId, nextDomainId, nextMailboxId };
    this.resellers = new Map(estate.resellers.map((r) => [r.id, r]));
    this.customers = new Map(estate.customers.map((c) => [c.id, c]));
    this.domains = new Map(estate.domains.map((d) => [d.id, d]));
    this.mailboxes = new Map();
    this.mailboxesByDomain = new Map();
    for (const mailbox of estate.mailboxes) this.putMailbox(mailbox);
  }

  snapshot(): SimEstate {
    return {
      format: 1,
      ...this.meta,
      resellers: [...this.resellers.values()],
      customers: [...this.customers.values()],
      domains: [...this.domains.values()],
      mailboxes: [...this.mailboxes.values()],
    };
  }

  /** Marks the estate as changed (every change goes through the admin endpoint, which calls this). */
  touch(): void {
    this.revision++;
  }

  get admin(): SimEstate['admin'] {
    return this.meta.admin;
  }

  /** What the estate was generated from. */
  get origin(): { size: number; seed: number } {
    return { size: this.meta.size, seed: this.meta.seed };
  }

  counts(): { resellers: number; customers: number; domains: number; mailboxes: number; domainAdmins: number } {
    let domainAdmins = 0;
    for (const d of this.domains.values()) if (d.admin) domainAdmins++;
    return {
      resellers: this.resellers.size,
      customers: this.customers.size,
      domains: this.domains.size,
      mailboxes: this.mailboxes.size,
      domainAdmins,
    };
  }

  nextId(kind: 'account' | 'domain' | 'mailbox'): number {
    const key = kind === 'account' ? 'nextAccountId' : kind === 'domain' ? 'nextDomainId' : 'nextMailboxId';
    return this.meta[key]++;
  }

  /** The account behind an ID of the shared account ID space; undefined when there is none. */
  account(id: number): AccountOwner | undefined {
    if (id === ADMIN_ID) return { kind: 'admin' };
    const reseller = this.resellers.get(id);
    if (reseller) return { kind: 'reseller', reseller };
    const customer = this.customers.get(id);
    return customer ? { kind: 'customer', customer } : undefined;
  }

  loginOf(id: number): string {
    const owner = this.account(id);
    if (!owner) return '';
    return owner.kind === 'admin' ? this.meta.admin.login : owner.kind === 'reseller' ? owner.reseller.login : owner.customer.login;
  }

  guidOf(id: number): string {
    const owner = this.account(id);
    if (!owner) return '';
    return owner.kind === 'admin' ? this.meta.admin.guid : owner.kind === 'reseller' ? owner.reseller.guid : owner.customer.guid;
  }

  /** The webspace a domain belongs to (itself for a webspace). */
  webspaceOf(domain: SimDomain): SimDomain | undefined {
    return domain.type === 'webspace' ? domain : this.domains.get(domain.webspaceId ?? -1);
  }

  ownerIdOf(domain: SimDomain): number {
    return this.webspaceOf(domain)?.ownerId ?? ADMIN_ID;
  }

  mailboxesOf(domainId: number): SimMailbox[] {
    return [...(this.mailboxesByDomain.get(domainId)?.values() ?? [])];
  }

  putMailbox(mailbox: SimMailbox): void {
    this.mailboxes.set(mailbox.id, mailbox);
    const perDomain = this.mailboxesByDomain.get(mailbox.domainId) ?? new Map<number, SimMailbox>();
    perDomain.set(mailbox.id, mailbox);
    this.mailboxesByDomain.set(mailbox.domainId, perDomain);
  }

  removeMailbox(mailbox: SimMailbox): void {
    this.mailboxes.delete(mailbox.id);
    this.mailboxesByDomain.get(mailbox.domainId)?.delete(mailbox.id);
  }

  /** Sites of a webspace. */
  sitesOf(webspaceId: number): SimDomain[] {
    return [...this.domains.values()].filter((d) => d.webspaceId === webspaceId);
  }
}

export async function readState(dataDir: string): Promise<SimEstate | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dataDir, STATE_FILE), 'utf8')) as SimEstate;
    if (parsed.format !== 1) throw new Error(`unknown state format ${String(parsed.format)}`);
    return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeState(dataDir: string, estate: SimEstate): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, STATE_FILE);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, JSON.stringify(estate));
  await rename(temp, file);
}
