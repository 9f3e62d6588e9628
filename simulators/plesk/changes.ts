import { domainToASCII } from 'node:url';
import { customerEvent, domainEvent, mailboxEvent, resellerEvent, type PleskEvent } from './events';
import {
  ADMIN_ID,
  type SimContact,
  type SimCustomer,
  type SimDomain,
  type SimDomainAdmin,
  type SimMailbox,
  type SimReseller,
} from './model';
import { type EstateStore } from './store';

/**
 * Changes made through the admin endpoint, as Plesk would make them: IDs from the right ID
 * space, deletes cascading to what the account owns, and the events Plesk's event manager fires.
 */

export class SimInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const EMPTY_CONTACT: SimContact = {
  pname: '',
  cname: '',
  email: '',
  phone: '',
  fax: '',
  address: '',
  city: '',
  state: '',
  pcode: '',
  country: '',
  locale: 'en-US',
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new SimInputError(`${what} is required`);
  return value;
}

export interface AccountInput {
  login?: string;
  password?: string;
  status?: number;
  contact?: Partial<SimContact>;
}

export class EstateChanges {
  constructor(
    private readonly store: EstateStore,
    private readonly guid: () => string,
  ) {}

  private loginTaken(login: string, exceptId?: number): boolean {
    return (
      [...this.store.resellers.values(), ...this.store.customers.values()].some((a) => a.login === login && a.id !== exceptId) ||
      login === this.store.admin.login
    );
  }

  private newAccount(input: AccountInput): Omit<SimReseller, 'id'> & { id: number } {
    const login = requireText(input.login, 'login');
    if (this.loginTaken(login)) throw new SimInputError(`login ${login} is taken`, 409);
    return {
      id: this.store.nextId('account'),
      guid: this.guid(),
      login,
      password: input.password ?? '',
      status: input.status ?? 0,
      crDate: today(),
      contact: { ...EMPTY_CONTACT, ...input.contact },
    };
  }

  addReseller(input: AccountInput): { reseller: SimReseller; events: PleskEvent[] } {
    const reseller = this.newAccount(input);
    this.store.resellers.set(reseller.id, reseller);
    return { reseller, events: [resellerEvent(this.store, { action: 'create', now: reseller }, reseller.id)] };
  }

  addCustomer(input: AccountInput & { ownerId?: number }): { customer: SimCustomer; events: PleskEvent[] } {
    const ownerId = input.ownerId ?? ADMIN_ID;
    if (ownerId !== ADMIN_ID && !this.store.resellers.has(ownerId))
      throw new SimInputError(`owner ${ownerId} is neither the administrator nor a reseller`);
    const customer: SimCustomer = { ...this.newAccount(input), ownerId };
    this.store.customers.set(customer.id, customer);
    return { customer, events: [customerEvent(this.store, { action: 'create', now: customer }, customer.id)] };
  }

  addDomain(input: { name?: string; ownerId?: number; webspaceId?: number; status?: number; admin?: Partial<SimDomainAdmin> }): {
    domain: SimDomain;
    events: PleskEvent[];
  } {
    const name = requireText(input.name, 'name').toLowerCase();
    const asciiName = domainToASCII(name);
    if (!asciiName) throw new SimInputError(`${name} is not a valid domain name`);
    if ([...this.store.domains.values()].some((d) => d.asciiName === asciiName)) throw new SimInputError(`domain ${name} exists`, 409);
    const base = { id: this.store.nextId('domain'), guid: this.guid(), name, asciiName, status: input.status ?? 0, crDate: today() };
    let domain: SimDomain;
    if (input.webspaceId !== undefined) {
      if (this.store.domains.get(input.webspaceId)?.type !== 'webspace')
        throw new SimInputError(`webspace ${input.webspaceId} does not exist`);
      domain = { ...base, type: 'site', webspaceId: input.webspaceId };
    } else {
      domain = { ...base, type: 'webspace', ownerId: this.owner(input.ownerId ?? ADMIN_ID) };
      if (input.admin) domain.admin = this.admin(domain, input.admin);
    }
    this.store.domains.set(domain.id, domain);
    return { domain, events: [domainEvent(this.store, { action: 'create', now: domain }, domain)] };
  }

  addMailbox(input: { domainId?: number; name?: string; password?: string; enabled?: boolean }): {
    mailbox: SimMailbox;
    events: PleskEvent[];
  } {
    const domainId = Number(input.domainId);
    if (!this.store.domains.has(domainId)) throw new SimInputError(`domain ${String(input.domainId)} does not exist`);
    const name = requireText(input.name, 'name').toLowerCase();
    if (this.store.mailboxesOf(domainId).some((m) => m.name === name)) throw new SimInputError(`mail name ${name} exists`, 409);
    const mailbox: SimMailbox = { id: this.store.nextId('mailbox'), domainId, name, enabled: input.enabled ?? true, quota: -1 };
    if (input.password !== undefined) mailbox.password = input.password;
    this.store.putMailbox(mailbox);
    return { mailbox, events: [mailboxEvent(this.store, { action: 'create', now: mailbox }, mailbox.id)] };
  }

  private owner(id: number): number {
    if (!this.store.account(id)) throw new SimInputError(`owner ${id} does not exist`);
    return id;
  }

  private admin(domain: SimDomain, input: Partial<SimDomainAdmin>): SimDomainAdmin {
    const admin: SimDomainAdmin = {
      guid: this.guid(),
      login: domain.asciiName,
      enabled: true,
      name: '',
      email: '',
      company: '',
      phone: '',
      fax: '',
      address: '',
      city: '',
      state: '',
      pcode: '',
      country: '',
      ...domain.admin,
      ...input,
    };
    if (input.password === undefined && domain.admin?.password === undefined) delete admin.password;
    return admin;
  }

  /** Contact data, login, password, status; for domains the name, status and administrator (null removes it). */
  change(
    kind: 'resellers' | 'customers' | 'domains' | 'mailboxes',
    id: number,
    patch: Record<string, unknown>,
  ): { object: unknown; events: PleskEvent[] } {
    if (kind === 'resellers' || kind === 'customers') {
      const map = kind === 'resellers' ? this.store.resellers : this.store.customers;
      const account = this.found(map.get(id), kind, id);
      const before = structuredClone(account);
      if (typeof patch['login'] === 'string') {
        if (this.loginTaken(patch['login'], id)) throw new SimInputError(`login ${patch['login']} is taken`, 409);
        account.login = patch['login'];
      }
      if (typeof patch['password'] === 'string') account.password = patch['password'];
      if (typeof patch['status'] === 'number') account.status = patch['status'];
      if (patch['contact'] && typeof patch['contact'] === 'object')
        account.contact = { ...account.contact, ...(patch['contact'] as Partial<SimContact>) };
      const event =
        kind === 'resellers'
          ? resellerEvent(this.store, { action: 'update', before, now: account }, id)
          : customerEvent(this.store, { action: 'update', before: before as SimCustomer, now: account as SimCustomer }, id);
      return { object: account, events: [event] };
    }
    if (kind === 'domains') {
      const domain = this.found(this.store.domains.get(id), kind, id);
      const before = structuredClone(domain);
      if (typeof patch['status'] === 'number') domain.status = patch['status'];
      if (patch['admin'] === null) delete domain.admin;
      else if (patch['admin'] && typeof patch['admin'] === 'object') {
        if (domain.type !== 'webspace') throw new SimInputError("a site has its webspace's administrator");
        domain.admin = this.admin(domain, patch['admin'] as Partial<SimDomainAdmin>);
      }
      return { object: domain, events: [domainEvent(this.store, { action: 'update', before, now: domain }, domain)] };
    }
    const mailbox = this.found(this.store.mailboxes.get(id), kind, id);
    const before = structuredClone(mailbox);
    if (patch['password'] === null) delete mailbox.password;
    else if (typeof patch['password'] === 'string') mailbox.password = patch['password'];
    if (typeof patch['enabled'] === 'boolean') mailbox.enabled = patch['enabled'];
    return { object: mailbox, events: [mailboxEvent(this.store, { action: 'update', before, now: mailbox }, id)] };
  }

  /** A customer to another reseller (null: to the administrator). */
  moveCustomer(id: number, resellerId: number | null): { object: SimCustomer; events: PleskEvent[] } {
    const customer = this.found(this.store.customers.get(id), 'customers', id);
    if (resellerId !== null && !this.store.resellers.has(resellerId)) throw new SimInputError(`reseller ${resellerId} does not exist`);
    const before = structuredClone(customer);
    customer.ownerId = resellerId ?? ADMIN_ID;
    return { object: customer, events: [customerEvent(this.store, { action: 'update', before, now: customer }, id)] };
  }

  /** A webspace to another owner (its sites follow); a site to another webspace. */
  moveDomain(id: number, to: { ownerId?: number; webspaceId?: number }): { object: SimDomain; events: PleskEvent[] } {
    const domain = this.found(this.store.domains.get(id), 'domains', id);
    const before = { ...domain, ownerId: this.store.ownerIdOf(domain) };
    if (domain.type === 'webspace') {
      if (to.ownerId === undefined) throw new SimInputError('ownerId is required to move a webspace');
      domain.ownerId = this.owner(to.ownerId);
    } else {
      if (this.store.domains.get(to.webspaceId ?? -1)?.type !== 'webspace')
        throw new SimInputError('webspaceId of an existing webspace is required to move a site');
      domain.webspaceId = to.webspaceId;
    }
    return {
      object: domain,
      events: [domainEvent(this.store, { action: 'update', before, now: { ...domain, ownerId: this.store.ownerIdOf(domain) } }, domain)],
    };
  }

  /** Deletes with everything below, children's events first (as Plesk removes them first). */
  remove(kind: 'resellers' | 'customers' | 'domains' | 'mailboxes', id: number): PleskEvent[] {
    const s = this.store;
    if (kind === 'mailboxes') {
      const mailbox = this.found(s.mailboxes.get(id), kind, id);
      const event = mailboxEvent(s, { action: 'delete', before: mailbox }, id);
      s.removeMailbox(mailbox);
      return [event];
    }
    if (kind === 'domains') {
      const domain = this.found(s.domains.get(id), kind, id);
      const events = [
        ...(domain.type === 'webspace' ? s.sitesOf(id) : []).flatMap((site) => this.remove('domains', site.id)),
        ...s.mailboxesOf(id).flatMap((m) => this.remove('mailboxes', m.id)),
      ];
      events.push(domainEvent(s, { action: 'delete', before: domain }, domain));
      s.domains.delete(id);
      return events;
    }
    const account = kind === 'customers' ? this.found(s.customers.get(id), kind, id) : this.found(s.resellers.get(id), kind, id);
    const owned = [...s.domains.values()].filter((d) => d.type === 'webspace' && d.ownerId === id);
    const events = owned.flatMap((d) => this.remove('domains', d.id));
    if (kind === 'customers') {
      events.push(customerEvent(s, { action: 'delete', before: account as SimCustomer }, id));
      s.customers.delete(id);
      return events;
    }
    for (const c of [...s.customers.values()].filter((c) => c.ownerId === id)) events.push(...this.remove('customers', c.id));
    events.push(resellerEvent(s, { action: 'delete', before: account }, id));
    s.resellers.delete(id);
    return events;
  }

  private found<T>(value: T | undefined, kind: string, id: number): T {
    if (value === undefined) throw new SimInputError(`${kind.replace(/s$/, '')} ${id} does not exist`, 404);
    return value;
  }
}
