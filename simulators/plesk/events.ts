import { type SimCustomer, type SimDomain, type SimMailbox, type SimReseller } from './model';
import { type EstateStore } from './store';

/**
 * Plesk's event handlers, imitated: Plesk runs a command with NEW_* / OLD_* environment variables
 * after an action; the simulator POSTs the same names as JSON to eventUrl. Passwords are left out
 * on purpose (real Plesk passes NEW_PASSWORD; we never put one on the wire in clear).
 * Delivery is fire-and-forget with a short timeout; failures are only counted.
 */

export type EventObjectType = 'reseller' | 'client' | 'domain' | 'mailbox';

export interface PleskEvent {
  /** client_create, domain_update, mailname_delete, ... (reseller_* and site_update are ASSUMED ids). */
  event: string;
  objectType: EventObjectType;
  objectId: string;
  time: string;
  [field: string]: string;
}

type Fields = Record<string, string>;

function prefixed(prefix: 'NEW_' | 'OLD_', fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [prefix + k, v]));
}

function accountFields(store: EstateStore, a: SimReseller | SimCustomer): Fields {
  const c = a.contact;
  return {
    LOGIN_NAME: a.login,
    CONTACT_NAME: c.pname,
    COMPANY_NAME: c.cname,
    PHONE: c.phone,
    FAX: c.fax,
    EMAIL: c.email,
    ADDRESS: c.address,
    CITY: c.city,
    STATE_PROVINCE: c.state,
    POSTAL_ZIP_CODE: c.pcode,
    COUNTRY: c.country,
    // ASSUMED: Plesk documents no owner variables; moves need them.
    ...('ownerId' in a ? { OWNER_ID: String(a.ownerId), OWNER_LOGIN: store.loginOf(a.ownerId) } : {}),
  };
}

function domainFields(store: EstateStore, d: SimDomain): Fields {
  const ownerId = store.ownerIdOf(d);
  return { DOMAIN_NAME: d.name, OWNER_ID: String(ownerId), OWNER_LOGIN: store.loginOf(ownerId) };
}

function mailboxFields(store: EstateStore, m: SimMailbox): Fields {
  return { MAILNAME: `${m.name}@${store.domains.get(m.domainId)?.name ?? ''}` };
}

export type Change<T> = { action: 'create'; now: T } | { action: 'update'; before: T; now: T } | { action: 'delete'; before: T };

function build(event: string, objectType: EventObjectType, id: number, change: Change<unknown>, fields: (t: never) => Fields): PleskEvent {
  return {
    event,
    objectType,
    objectId: String(id),
    time: new Date().toISOString(),
    ...(change.action !== 'create' ? prefixed('OLD_', fields(change.before as never)) : {}),
    ...(change.action !== 'delete' ? prefixed('NEW_', fields(change.now as never)) : {}),
  };
}

export function resellerEvent(store: EstateStore, change: Change<SimReseller>, id: number): PleskEvent {
  return build(`reseller_${change.action}`, 'reseller', id, change, (r: SimReseller) => accountFields(store, r));
}

export function customerEvent(store: EstateStore, change: Change<SimCustomer>, id: number): PleskEvent {
  return build(`client_${change.action}`, 'client', id, change, (c: SimCustomer) => accountFields(store, c));
}

/** Webspaces fire domain_*, sites site_* (Plesk 10+ names; site_update ASSUMED). */
export function domainEvent(store: EstateStore, change: Change<SimDomain>, domain: SimDomain): PleskEvent {
  const prefix = domain.type === 'site' ? 'site' : 'domain';
  return build(`${prefix}_${change.action}`, 'domain', domain.id, change, (d: SimDomain) => domainFields(store, d));
}

export function mailboxEvent(store: EstateStore, change: Change<SimMailbox>, id: number): PleskEvent {
  return build(`mailname_${change.action}`, 'mailbox', id, change, (m: SimMailbox) => mailboxFields(store, m));
}

export class EventSender {
  delivered = 0;
  failed = 0;
  /** One delivery at a time, in order, like Plesk's queue of handler runs. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string | undefined,
    private readonly timeoutMs = 2000,
  ) {}

  send(events: readonly PleskEvent[]): void {
    const url = this.url;
    if (!url) return;
    for (const event of events) this.tail = this.tail.then(() => this.post(url, event));
  }

  private async post(url: string, event: PleskEvent): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) this.delivered++;
      else this.failed++;
    } catch {
      this.failed++;
    }
  }

  /** Waits for deliveries in flight (used when the simulator stops, and by tests). */
  settle(): Promise<void> {
    return this.tail;
  }
}
