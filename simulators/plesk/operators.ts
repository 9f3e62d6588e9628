import { type SimContact, type SimCustomer, type SimDomain, type SimReseller } from './model';
import {
  adminUser,
  builtInUser,
  customerGenInfo,
  legacyDomainGenInfo,
  legacyDomainUser,
  mailname,
  resellerGenInfo,
  siteGenInfo,
  userGenInfo,
  webspaceGenInfo,
  type SimUser,
} from './render';
import { type EstateStore } from './store';
import { BadPacket, el, errorResult, find, node, okResult, type Element } from './xml';

/**
 * The read operations the simulator answers, per operator. A handler returns the operation's
 * response element; a request the schema would reject throws BadPacket (answered as 1014 for the
 * whole packet, before anything ran).
 */

export interface PacketContext {
  store: EstateStore;
  /** Plesk 8/9 answers (client/domain dialect). */
  legacy: boolean;
  /** Plesk 9+ (1.6.0.0): clients have owners and owner-id replaces client_id. */
  withOwner: boolean;
  protos: readonly string[];
}

export type OperationHandler = (ctx: PacketContext, op: Element) => string;

interface Filter {
  blank: boolean;
  key: string;
  values: string[];
}

function readFilter(op: Element, allowed: readonly string[]): Filter {
  const filter = find(op, 'filter');
  if (!filter) throw new BadPacket(`<${op.name}> requires a <filter>`);
  const keys = new Set(filter.children.map((c) => c.name));
  if (keys.size === 0 || keys.has('all')) return { blank: true, key: '', values: [] };
  if (keys.size > 1) throw new BadPacket(`a filter holds one kind of key, got ${[...keys].join(', ')}`);
  const [key] = [...keys] as [string];
  if (!allowed.includes(key)) throw new BadPacket(`Element '${key}': This element is not expected in the filter`);
  return { blank: false, key, values: filter.children.map((c) => c.text) };
}

function datasets(op: Element): Set<string> {
  return new Set(find(op, 'dataset')?.children.map((c) => c.name) ?? []);
}

interface GetSpec<T> {
  all: (ctx: PacketContext) => Iterable<T>;
  /** Objects matching one filter value, by filter key. */
  match: Record<string, (ctx: PacketContext, value: string) => T[]>;
  /** Keys naming one object: a value that matches nothing is error 1013 (owner keys give no results). */
  identity: readonly string[];
  idOf: (t: T) => number;
  data: (ctx: PacketContext, t: T, wanted: Set<string>) => string;
  notFound: string;
  /** customer/reseller: the schema wants at least one result, so an empty set is one bare ok (ASSUMED). */
  bareOkWhenEmpty: boolean;
}

function getHandler<T>(spec: GetSpec<T>): OperationHandler {
  return (ctx, op) => {
    const filter = readFilter(op, Object.keys(spec.match));
    const wanted = datasets(op);
    const result = (t: T, filterId: string): string =>
      okResult(el('filter-id', filterId) + el('id', spec.idOf(t)) + node('data', spec.data(ctx, t, wanted)));
    let out = '';
    if (filter.blank) {
      for (const t of spec.all(ctx)) out += result(t, String(spec.idOf(t)));
      if (out === '' && spec.bareOkWhenEmpty) out = okResult('');
    } else {
      const match = spec.match[filter.key] as (ctx: PacketContext, value: string) => T[];
      for (const value of filter.values) {
        const found = match(ctx, value);
        if (found.length === 0 && spec.identity.includes(filter.key)) {
          out += errorResult(1013, spec.notFound, el('filter-id', value) + (filter.key === 'id' ? el('id', value) : ''));
        }
        for (const t of found) out += result(t, value);
      }
    }
    return node('get', out);
  };
}

/** The map is read at call time: regenerating the estate replaces the store's maps. */
const byId =
  <T>(map: () => Map<number, T>) =>
  (_: PacketContext, v: string): T[] => {
    const found = map().get(Number(v));
    return found === undefined || !/^\d+$/.test(v) ? [] : [found];
  };

function customers(store: EstateStore): GetSpec<SimCustomer> {
  const list = () => store.customers.values();
  const where = (test: (c: SimCustomer) => boolean) => [...list()].filter(test);
  return {
    all: list,
    match: {
      id: byId(() => store.customers),
      login: (_, v) => where((c) => c.login === v),
      guid: (_, v) => where((c) => c.guid === v),
      'owner-id': (_, v) => where((c) => c.ownerId === Number(v)),
      'owner-login': (_, v) => where((c) => store.loginOf(c.ownerId) === v),
    },
    identity: ['id', 'login', 'guid'],
    idOf: (c) => c.id,
    data: (ctx, c, wanted) => (wanted.has('gen_info') ? customerGenInfo(store, c, ctx.legacy, ctx.withOwner) : ''),
    notFound: 'client does not exist',
    bareOkWhenEmpty: true,
  };
}

function resellers(store: EstateStore): GetSpec<SimReseller> {
  const list = () => store.resellers.values();
  const where = (test: (r: SimReseller) => boolean) => [...list()].filter(test);
  return {
    all: list,
    match: { id: byId(() => store.resellers), login: (_, v) => where((r) => r.login === v), guid: (_, v) => where((r) => r.guid === v) },
    identity: ['id', 'login', 'guid'],
    idOf: (r) => r.id,
    data: (ctx, r, wanted) => (wanted.has('gen-info') ? resellerGenInfo(r, ctx.legacy) : ''),
    notFound: 'reseller does not exist',
    bareOkWhenEmpty: true,
  };
}

function domainsOfType(store: EstateStore, type: SimDomain['type'] | undefined): SimDomain[] {
  return [...store.domains.values()].filter((d) => type === undefined || d.type === type);
}

function domainSpec(
  store: EstateStore,
  type: SimDomain['type'] | undefined,
  data: GetSpec<SimDomain>['data'],
  match: GetSpec<SimDomain>['match'],
): GetSpec<SimDomain> {
  const ofType = (d: SimDomain | undefined): SimDomain[] => (d && (type === undefined || d.type === type) ? [d] : []);
  const where = (test: (d: SimDomain) => boolean) => domainsOfType(store, type).filter(test);
  return {
    all: () => domainsOfType(store, type),
    match: {
      id: (_, v) => (/^\d+$/.test(v) ? ofType(store.domains.get(Number(v))) : []),
      name: (_, v) => where((d) => d.name === v || d.asciiName === v),
      guid: (_, v) => where((d) => d.guid === v),
      ...match,
    },
    identity: ['id', 'name', 'guid', 'domain_name'],
    idOf: (d) => d.id,
    data,
    notFound: 'domain does not exist',
    bareOkWhenEmpty: false,
  };
}

interface UserIndex {
  revision: number;
  all: SimUser[];
  byGuid: Map<string, SimUser[]>;
  byOwnerGuid: Map<string, SimUser[]>;
}
const userIndexes = new WeakMap<EstateStore, UserIndex>();

/**
 * Every user, indexed by GUID and owner GUID like Plesk's own tables, rebuilt only after a change:
 * a `user get` by owner is then as cheap at 100,000 accounts as at 100 (benchmark linearity).
 */
function users(store: EstateStore): UserIndex {
  const cached = userIndexes.get(store);
  if (cached?.revision === store.revision) return cached;
  const all: SimUser[] = [...store.resellers.values(), ...store.customers.values()].map(builtInUser);
  for (const d of store.domains.values()) if (d.admin) all.push(adminUser(d.admin, d.id, store.guidOf(store.ownerIdOf(d))));
  const group = (key: (u: SimUser) => string) => {
    const map = new Map<string, SimUser[]>();
    for (const u of all) {
      const list = map.get(key(u));
      if (list) list.push(u);
      else map.set(key(u), [u]);
    }
    return map;
  };
  const index: UserIndex = { revision: store.revision, all, byGuid: group((u) => u.guid), byOwnerGuid: group((u) => u.ownerGuid) };
  userIndexes.set(store, index);
  return index;
}

const userGet: (store: EstateStore) => OperationHandler = (store) => (_ctx, op) => {
  const filter = readFilter(op, ['guid', 'owner-guid']);
  const wanted = datasets(op);
  const { all, byGuid, byOwnerGuid } = users(store);
  const result = (u: SimUser, filterId: string | undefined) =>
    okResult(el('filter-id', filterId) + node('data', wanted.has('gen-info') || wanted.has('gen_info') ? userGenInfo(u) : ''));
  if (filter.blank) return node('get', all.map((u) => result(u, undefined)).join(''));
  let out = '';
  for (const value of filter.values) {
    const found = (filter.key === 'guid' ? byGuid : byOwnerGuid).get(value) ?? [];
    if (found.length === 0 && filter.key === 'guid') out += errorResult(1013, 'user does not exist', el('filter-id', value));
    out += found.map((u) => result(u, value)).join('');
  }
  return node('get', out);
};

/** mail get_info: one domain per operation (site-id, or domain_id on Plesk 8/9). */
const mailGetInfo: (store: EstateStore) => OperationHandler = (store) => (ctx, op) => {
  const filter = find(op, 'filter');
  const key = ctx.legacy ? 'domain_id' : 'site-id';
  const domainKeys = filter?.children.filter((c) => c.name === key) ?? [];
  if (domainKeys.length !== 1) throw new BadPacket(`mail get_info needs exactly one <${key}> in its filter`);
  const names = new Set(filter?.children.filter((c) => c.name === 'name').map((c) => c.text));
  const domainId = Number(domainKeys[0]?.text);
  if (!store.domains.has(domainId)) return node('get_info', errorResult(1013, 'domain does not exist'));
  const mailboxes = store.mailboxesOf(domainId).filter((m) => names.size === 0 || names.has(m.name));
  return node('get_info', mailboxes.map((m) => okResult(mailname(m, ctx.legacy))).join(''));
};

const getProtos: OperationHandler = (ctx) => node('get_protos', okResult(node('protos', ctx.protos.map((p) => el('proto', p)).join(''))));

/** The administrator's contact data when nothing set it (`server get` with `<admin/>`). */
export const DEFAULT_ADMIN_CONTACT: SimContact = {
  pname: 'Hosting Admin',
  cname: 'Example Hosting Ltd',
  email: 'admin@hosting.example',
  phone: '+1 555 0199',
  fax: '+1 555 0198',
  address: '1 Server Street',
  city: 'Houston',
  state: 'Texas',
  pcode: '77001',
  country: 'US',
  locale: 'en-US',
};

/** `server get` with `<admin/>`: the administrator's contact data, as admin_* fields. */
function serverGet(store: EstateStore): OperationHandler {
  return () => {
    const c = store.admin.contact ?? DEFAULT_ADMIN_CONTACT;
    const fields: [string, string][] = [
      ['admin_cname', c.cname],
      ['admin_pname', c.pname],
      ['admin_phone', c.phone],
      ['admin_fax', c.fax],
      ['admin_email', c.email],
      ['admin_address', c.address],
      ['admin_city', c.city],
      ['admin_state', c.state],
      ['admin_pcode', c.pcode],
      ['admin_country', c.country],
      ['admin_locale', c.locale],
    ];
    return node('get', okResult(node('admin', fields.map(([name, value]) => el(name, value)).join(''))));
  };
}

export type Operators = Record<string, Record<string, OperationHandler>>;

/** Plesk 10+ (obsidian): `user` only when the packet version allows it (the caller checks). */
export function modernOperators(store: EstateStore): Operators {
  return {
    server: { get_protos: getProtos, get: serverGet(store) },
    customer: { get: getHandler(customers(store)) },
    reseller: { get: getHandler(resellers(store)) },
    webspace: {
      get: getHandler(
        domainSpec(store, 'webspace', (_, d, w) => (w.has('gen_info') ? webspaceGenInfo(d) : ''), {
          'owner-id': (_, v) => domainsOfType(store, 'webspace').filter((d) => d.ownerId === Number(v)),
          'owner-login': (_, v) => domainsOfType(store, 'webspace').filter((d) => store.loginOf(d.ownerId ?? 0) === v),
        }),
      ),
    },
    site: {
      get: getHandler(
        domainSpec(store, 'site', (_, d, w) => (w.has('gen_info') ? siteGenInfo(store, d) : ''), {
          'parent-id': (_, v) => domainsOfType(store, 'site').filter((d) => d.webspaceId === Number(v)),
        }),
      ),
    },
    user: { get: userGet(store) },
    mail: { get_info: mailGetInfo(store) },
  };
}

/** Plesk 8/9: client, domain (gen_info + user node), reseller from 1.6.0.0 (the caller checks). */
export function legacyOperators(store: EstateStore): Operators {
  const domainData: GetSpec<SimDomain>['data'] = (ctx, d, w) =>
    (w.has('gen_info') ? legacyDomainGenInfo(store, d, ctx.withOwner ? 'owner-id' : 'client_id') : '') +
    (w.has('user') ? legacyDomainUser(store, d) : '');
  const byOwner = (_: PacketContext, v: string) => domainsOfType(store, undefined).filter((d) => store.ownerIdOf(d) === Number(v));
  const byOwnerLogin = (_: PacketContext, v: string) =>
    domainsOfType(store, undefined).filter((d) => store.loginOf(store.ownerIdOf(d)) === v);
  return {
    server: { get_protos: getProtos, get: serverGet(store) },
    client: { get: getHandler(customers(store)) },
    reseller: { get: getHandler(resellers(store)) },
    domain: {
      get: getHandler(
        domainSpec(store, undefined, domainData, {
          domain_name: (_, v) => domainsOfType(store, undefined).filter((d) => d.name === v || d.asciiName === v),
          client_id: byOwner,
          client_login: byOwnerLogin,
          'owner-id': byOwner,
          'owner-login': byOwnerLogin,
        }),
      ),
    },
    mail: { get_info: mailGetInfo(store) },
  };
}
