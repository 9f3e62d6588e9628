import { randomUUID } from 'node:crypto';
import { bool, int, list, text, type Args } from './args';
import type { Caller } from './auth';
import type { VoipnowFields } from '../../domain/voipnow-fields';
import { DEFAULT_LANG, EXTENSION_TYPES } from './lookups';
import { checkFields, FAULTS, generatePassword } from './rules';
import { ADMIN_ID, hashPassword, LEVEL_OF, type SimAccount, type SimAccountKind, type SimStore } from './state';
import { accountDetails, canSee, requireAccount } from './views';

/**
 * Adding, editing, deleting, enabling and moving accounts, with the checks and faults of a
 * VoipNow server. Every method takes the caller (its level scopes what it may touch) and the
 * request's values by local element name.
 */

const CONTACT_TEXT = [
  'name',
  'company',
  'phone',
  'fax',
  'address',
  'city',
  'pcode',
  'country',
  'notes',
  'serverID',
  'chargingIdentifier',
] as const;

/** The limit of the parent that caps how many accounts of `kind` it may own (admin: none). */
const LIMIT_FOR: Readonly<Record<SimAccountKind, string | undefined>> = {
  reseller: undefined,
  client: 'clientMax',
  extension: 'phoneExtMax',
};

export interface AccountRules {
  /** Old VoipNow: an account needs a charging plan (fault 315 when its owner has none). */
  legacyCharging: boolean;
  /** A license for phone terminal extensions only (fault 051 for any other type). */
  phoneTerminalsOnly: boolean;
  /** An account added without a template gets SERVER_DEFAULTS instead of nothing. */
  defaultsWithoutTemplate: boolean;
  /** A reseller or client added with a template gets copies of its parent's lower-level templates (decision 093). */
  operatorTemplates: boolean;
}

/** What the simulator gives an account added without a template when defaultsWithoutTemplate is on. */
export const SERVER_DEFAULTS: Readonly<
  Record<SimAccountKind, { permissions: readonly string[]; limits: Readonly<Record<string, number | null>> }>
> = {
  reseller: {
    permissions: ['clientManag', 'extensionManag', 'permsManag'],
    limits: { clientMax: 10, phoneExtMax: 10, concurentCalls: null },
  },
  client: { permissions: ['extensionManag', 'sipManag'], limits: { phoneExtMax: 10, queueExtMax: 2, concurentCalls: null } },
  extension: { permissions: ['sipManag', 'callAPIManag'], limits: { concurentCalls: 2, soundStorage: 100 } },
};

/** The ClientInfo fields (and an extension's phone language) of a request, for the field rules. */
function fieldsOf(args: Args): VoipnowFields {
  return {
    login: text(args.login),
    password: text(args.password),
    passwordAuto: bool(args.passwordAuto),
    name: text(args.name),
    company: text(args.company),
    phone: text(args.phone),
    fax: text(args.fax),
    email: text(args.email),
    address: text(args.address),
    city: text(args.city),
    pcode: text(args.pcode),
    country: text(args.country),
    region: text(args.region),
    interfaceLang: text(args.interfaceLang),
    notes: text(args.notes),
    chargingIdentifier: text(args.chargingIdentifier),
    phoneLang: text(args.phoneLang),
  };
}

export class AccountService {
  constructor(
    private readonly store: SimStore,
    private readonly rules: AccountRules,
    private readonly random: () => number,
  ) {}

  add(kind: SimAccountKind, caller: Caller, args: Args): Record<string, unknown> {
    checkFields(fieldsOf(args), { creating: true });
    let login = text(args.login)!.trim();
    const password = bool(args.passwordAuto) ? generatePassword(this.random) : text(args.password)!;
    const phoneLang = text(args.phoneLang)?.trim().toLowerCase();
    const extensionType = kind === 'extension' ? this.extensionTypeOf(args) : undefined;

    const parent = this.parentFor(kind, caller, args);
    const templateID = int(args.templateID, 'templateID');
    const template = templateID === undefined ? undefined : this.templateFor(kind, parent, templateID, extensionType);
    this.checkRoom(kind, parent, 1);
    const chargingPlanID = this.chargingPlanFor(parent, int(args.chargingPlanID, 'chargingPlanID'), template?.chargingPlanID);

    if (this.store.accountByLogin(login)) {
      if (!bool(args.forceUpdate)) throw FAULTS.duplicateLogin(login);
      login = this.freeLogin(login);
    }
    const identifier = (kind === 'client' && text(args.identifier)) || randomUUID();
    if (this.store.accountByIdentifier(identifier)) throw FAULTS.duplicate(`identifier ${identifier}`);
    const extensionNo = kind === 'extension' ? this.extensionNo(parent, int(args.extensionNo, 'extensionNo')) : undefined;

    const account = this.store.addAccount({
      kind,
      parentID: parent,
      login,
      passwordHash: hashPassword(password),
      ...this.contactFields(args),
      identifier,
      status: true,
      phoneStatus: '1',
      cpAccess: true,
      templateID: template?.ID,
      chargingPlanID,
      crDate: new Date().toISOString(),
      permissions: [...(template?.permissions ?? (this.rules.defaultsWithoutTemplate ? SERVER_DEFAULTS[kind].permissions : []))],
      limits: { ...(template?.limits ?? (this.rules.defaultsWithoutTemplate ? SERVER_DEFAULTS[kind].limits : {})) },
      linkUUID: text(args.linkUUID),
      scope: text(args.scope),
      ...(kind === 'extension' ? { extensionNo, extensionType, phoneLang: phoneLang || DEFAULT_LANG } : {}),
      ...(kind === 'extension' && text(args.extensionType)?.trim() ? { extensionTypeSent: text(args.extensionType)!.trim() } : {}),
    });
    if (template && this.rules.operatorTemplates && kind !== 'extension') this.copyTemplates(parent, account.ID, LEVEL_OF[kind]);
    return { ...accountDetails(this.store, account), result: 'success', template: template?.name };
  }

  /** The operator's part (decision 093): the parent's templates of the levels below `level`, now also the new account's. */
  private copyTemplates(parentID: number, ownerID: number, level: number): void {
    for (const t of this.store.templates.filter((t) => t.ownerID === parentID && t.level > level)) {
      const { ID: _id, ...fields } = t;
      this.store.addTemplate({ ...fields, ownerID, permissions: [...t.permissions], limits: { ...t.limits } });
    }
  }

  edit(kind: SimAccountKind, caller: Caller, args: Args): Record<string, unknown> {
    const account = requireAccount(this.store, caller, kind, { ID: int(args.ID, 'ID'), identifier: text(args.identifier) });
    checkFields(fieldsOf(args), { creating: false, currentLogin: account.login });
    const login = text(args.login)?.trim();
    if (login && login.toLowerCase() !== account.login.toLowerCase() && this.store.accountByLogin(login))
      throw FAULTS.duplicateLogin(login);
    const change: Partial<SimAccount> = { ...this.contactFields(args) };
    if (login) change.login = login;
    if (bool(args.passwordAuto)) change.passwordHash = hashPassword(generatePassword(this.random));
    else if (args.password !== undefined) change.passwordHash = hashPassword(text(args.password)!);
    const phoneLang = text(args.phoneLang)?.trim().toLowerCase();
    if (kind === 'extension' && phoneLang) change.phoneLang = phoneLang;
    this.store.updateAccount(account, withoutUndefined(change));
    return { ID: [account.ID], result: 'success', identifier: account.identifier };
  }

  del(kind: SimAccountKind, caller: Caller, args: Args): Record<string, unknown> {
    const ids = list(args.ID).map((id) => int(id, 'ID'));
    const identifiers = list(args.identifier).map(text);
    const accounts = [
      ...ids.map((ID) => requireAccount(this.store, caller, kind, { ID })),
      ...identifiers.map((identifier) => requireAccount(this.store, caller, kind, { identifier })),
    ];
    if (accounts.length === 0) throw FAULTS.missing('ID');
    this.store.removeAccounts(accounts.map((a) => a.ID));
    return { items: accounts.length, result: 'success' };
  }

  setStatus(kind: SimAccountKind, caller: Caller, args: Args): Record<string, unknown> {
    const account = requireAccount(this.store, caller, kind, { ID: int(args.ID, 'ID'), identifier: text(args.identifier) });
    const status = bool(args.status);
    const phoneStatus = text(args.phoneStatus);
    this.store.updateAccount(account, withoutUndefined({ status, phoneStatus }));
    return { ID: [account.ID], result: 'success' };
  }

  moveClients(caller: Caller, args: Args): Record<string, unknown> {
    const resellerID = int(args.resellerID, 'resellerID');
    const resellerIdentifier = text(args.resellerIdentifier);
    let reseller: SimAccount;
    try {
      reseller = requireAccount(this.store, caller, 'reseller', { ID: resellerID, identifier: resellerIdentifier });
    } catch {
      throw FAULTS.invalidParentId(resellerID ?? resellerIdentifier);
    }
    const clients = [
      ...list(args.ID).map((id) => requireAccount(this.store, caller, 'client', { ID: int(id, 'ID') })),
      ...list(args.identifier).map((id) => requireAccount(this.store, caller, 'client', { identifier: text(id) })),
    ];
    if (clients.length === 0) throw FAULTS.missing('ID');
    this.checkRoom('client', reseller.ID, clients.filter((c) => c.parentID !== reseller.ID).length);
    for (const client of clients) this.store.updateAccount(client, { parentID: reseller.ID });
    return { items: clients.length, result: 'success' };
  }

  /** The type of a new extension: phone terminal unless asked otherwise, within the license. */
  private extensionTypeOf(args: Args): string {
    const type = text(args.extensionType)?.trim() || 'term';
    if (!EXTENSION_TYPES.has(type)) throw FAULTS.invalidExtensionType(type);
    if (type !== 'term' && this.rules.phoneTerminalsOnly) throw FAULTS.phoneTerminalsOnly();
    return type;
  }

  private contactFields(args: Args): Partial<SimAccount> {
    const fields: Partial<Record<string, unknown>> = {};
    for (const name of CONTACT_TEXT) fields[name] = text(args[name]);
    fields.email = text(args.email);
    fields.interfaceLang = text(args.interfaceLang);
    fields.region = int(args.region, 'region');
    fields.timezone = int(args.timezone, 'timezone');
    return withoutUndefined(fields) as Partial<SimAccount>;
  }

  /** The ID of the new account's owner; fault 251 when it is missing, of the wrong kind or out of the caller's reach. */
  private parentFor(kind: SimAccountKind, caller: Caller, args: Args): number {
    const id = int(args.parentID, 'parentID');
    const identifier = text(args.parentIdentifier);
    const login = text(args.parentLogin);
    const given = id ?? identifier ?? login;
    const parentKind = kind === 'reseller' ? undefined : kind === 'client' ? 'reseller' : 'client';
    if (given === undefined) {
      // No parent named: the caller itself, when it can own such an account.
      if (kind === 'reseller' && caller.level === 'admin') return ADMIN_ID;
      if (kind === 'client' && (caller.level === 'admin' || caller.level === 'reseller')) return caller.id;
      if (kind === 'extension' && caller.level === 'client') return caller.id;
      throw FAULTS.invalidParentId('none');
    }
    // Admin may own resellers and (an assumption) clients directly.
    if (id === ADMIN_ID && caller.level === 'admin' && kind !== 'extension') return ADMIN_ID;
    const parent =
      id !== undefined
        ? this.store.account(id)
        : login !== undefined
          ? this.store.accountByLogin(login)
          : identifier !== undefined
            ? this.store.accountByIdentifier(identifier)
            : undefined;
    if (!parent || parent.kind !== parentKind || !canSee(this.store, caller, parent)) throw FAULTS.invalidParentId(given);
    return parent.ID;
  }

  /**
   * Templates the new account may use: the parent's own, of the account's level (issue 11 rule 5:
   * an ancestor's or the admin's template is refused, as VoipNow does, with the invalid template fault).
   */
  private templateFor(kind: SimAccountKind, parentID: number, templateID: number, extensionType: string | undefined) {
    const template = this.store.template(templateID);
    const ownerFits = template !== undefined && template.ownerID === parentID;
    // An extension template is made for one extension type (GetTemplates lists it with its type).
    const typeFits = template !== undefined && (kind !== 'extension' || (template.extensionType ?? 'term') === extensionType);
    if (!template || template.level !== LEVEL_OF[kind] || !ownerFits || !typeFits) throw FAULTS.invalidTemplateId(templateID);
    return template;
  }

  /** The user limit fault when the parent's limit leaves no room for `adding` more accounts of `kind`. */
  private checkRoom(kind: SimAccountKind, parentID: number, adding: number): void {
    const limitName = LIMIT_FOR[kind];
    const parent = this.store.account(parentID);
    if (!limitName || !parent) return; // the admin has no limits
    const limit = parent.limits[limitName];
    if (limit === null) return;
    if (this.store.children(parentID, kind).length + adding > (limit ?? 0)) throw FAULTS.userLimit();
  }

  private chargingPlanFor(parentID: number, given: number | undefined, fromTemplate: number | undefined): number | undefined {
    if (!this.rules.legacyCharging) return undefined; // since VoipNow 2.0 new accounts get none
    if (given !== undefined) {
      if (!this.store.chargingPlans.some((p) => p.ID === given)) throw FAULTS.invalidChargingPlan(given);
      return given;
    }
    if (fromTemplate !== undefined) return fromTemplate;
    const ownPlan = this.store.chargingPlans.find((p) => p.ownerID === parentID);
    if (!ownPlan) throw FAULTS.noChargingPlan();
    return ownPlan.ID;
  }

  private freeLogin(login: string): string {
    for (let n = 1; ; n++) {
      const candidate = `${login}${n}`;
      if (!this.store.accountByLogin(candidate)) return candidate;
    }
  }

  private extensionNo(clientID: number, wanted: number | undefined): string {
    if (wanted === undefined) return nextExtensionNo(this.store, clientID);
    if (this.store.children(clientID, 'extension').some((e) => Number(e.extensionNo) === wanted)) {
      throw FAULTS.duplicate(`extension number ${wanted}`);
    }
    return String(wanted).padStart(4, '0');
  }
}

/** The lowest free extension number inside a client, as VoipNow shows it: 0001, 0002, … */
export function nextExtensionNo(store: SimStore, clientID: number): string {
  const taken = new Set(store.children(clientID, 'extension').map((e) => Number(e.extensionNo)));
  let next = 1;
  while (taken.has(next)) next++;
  return String(next).padStart(4, '0');
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
