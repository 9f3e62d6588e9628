import { asArgs, int, text, type Args } from './args';
import type { Caller } from './auth';
import { SimFault } from './rules';
import { type Limits, type SimAccount, type SimAccountKind, type SimStore } from './state';
import { isAncestor, requireAccount } from './views';

/**
 * Permissions and limits ("PL") of an account, as the 2.5.1 schema names them: Set<X>PL replaces
 * the values it names, Update<X>PL (resellers and clients) also raises or lowers limits,
 * Get<X>PL reads them all. Boolean permissions are kept as the account's `permissions` (the names
 * that are on), numeric limits as `limits` (null: unlimited, missing: 0, as for an account made
 * without a template), the rest (MyVoipNow level, provisioning, expiry) as `plChoices`.
 */

interface PLFields {
  booleans: readonly string[];
  /** Allowed values and the default of each enumerated field. */
  choices: Readonly<Record<string, { values: readonly string[]; default: string }>>;
  limits: readonly string[];
}

const CLIENT: PLFields = {
  booleans: [
    'permsManag',
    'extensionManag',
    'extFeatureManag',
    'sipManag',
    'IMManag',
    'chargingPlanManag',
    'soundManag',
    'numberManag',
    'callAPIManag',
    'callerIDManag',
  ],
  choices: {
    MyVoipNowManag: { values: ['premium', 'standard', 'none'], default: 'none' },
    ProvisionManag: { values: ['0', '2', '4'], default: '0' },
  },
  limits: [
    'phoneExtMax',
    'queueExtMax',
    'ivrExtMax',
    'voicemailExtMax',
    'queuecenterExtMax',
    'confExtMax',
    'callbackExtMax',
    'callbackCallerIDMax',
    'callCardExtMax',
    'callCardCodesMax',
    'intercomExtMax',
    'concurentCalls',
    'concurentInternalCalls',
    'queueMembersMax',
    'concurentText2Speech',
    'mailboxMax',
    'mailboxSize',
    'recordStorage',
    'soundStorage',
    'mohStorage',
    'faxStorage',
  ],
};

const RESELLER: PLFields = {
  booleans: [...CLIENT.booleans, 'clientManag', 'advertisingManag', 'stackedManag'],
  choices: CLIENT.choices,
  limits: [...CLIENT.limits, 'clientMax'],
};

const WHO = ['own', 'group', 'all'];
const EXTENSION: PLFields = {
  booleans: ['soundManag', 'sipManag', 'multiUser', 'callAPIManag', 'callerIDManag', 'IMManag', 'advertising', 'browserChat'],
  choices: {
    ProvisionManag: { values: ['0', '2', '4'], default: '0' },
    level: { values: ['none', 'standard', 'premium'], default: 'none' },
    activeCalls: { values: WHO, default: 'own' },
    callOperations: { values: WHO, default: 'own' },
    recordCalls: { values: WHO, default: 'own' },
    whisperOnCall: { values: WHO, default: 'own' },
    unparkCalls: { values: ['parked_by_me', 'parked_by_anyone'], default: 'parked_by_me' },
    pickupCalls: { values: WHO, default: 'own' },
  },
  limits: [
    'soundStorage',
    'mohStorage',
    'concurentCalls',
    'concurentInternalCalls',
    'concurentText2Speech',
    'queueMembersMax',
    'callCardCodesMax',
    'callbackCallerIDMax',
  ],
};

const FIELDS: Readonly<Record<SimAccountKind, PLFields>> = { reseller: RESELLER, client: CLIENT, extension: EXTENSION };

/** Extension permissions and limits that only make sense for one extension type. */
const EXTENSION_TYPE_OF: Readonly<Record<string, string>> = {
  sipManag: 'term',
  queueMembersMax: 'queue',
  callCardCodesMax: 'callcard',
  callbackCallerIDMax: 'callback',
};

const malformed = (name: string, expected: string) => new SimFault('117', `Malformed parameter ${name}: expected ${expected}.`);

function truth(name: string, value: unknown): boolean {
  const raw = text(value)?.trim().toLowerCase();
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw malformed(name, 'a boolean');
}

function count(name: string, value: unknown): number {
  const raw = text(value)?.trim() ?? '';
  if (!/^\d+$/.test(raw)) throw malformed(name, 'a number');
  return Number(raw);
}

/** common:unlimitedUInt as the soap package reads it: text, or { attributes: { unlimited }, $value }. */
function unlimitedUInt(name: string, value: unknown): number | null {
  const attrs = asArgs(asArgs(value).attributes);
  if (attrs.unlimited !== undefined && truth(name, attrs.unlimited)) return null;
  return count(name, typeof value === 'object' && value !== null && '$value' in value ? (value as { $value: unknown }).$value : value);
}

/** common:limit: a new value, an increase, a decrease (never below 0), or unlimited. */
function limitChange(name: string, value: unknown, current: number | null): number | null {
  const change = asArgs(value);
  if (change.unlimited !== undefined) return truth(name, change.unlimited) ? null : (current ?? 0);
  if (change.value !== undefined) return count(name, change.value);
  if (current === null) return null; // unlimited stays unlimited whatever is added or taken away
  if (change.increase !== undefined) return current + count(name, change.increase);
  if (change.decrease !== undefined) return Math.max(0, current - count(name, change.decrease));
  throw malformed(name, 'value, increase, decrease or unlimited');
}

/** The limit as common:unlimitedUInt writes it; an unlimited limit has no meaningful number (0). */
function limitOut(limit: number | null | undefined) {
  return limit === null ? { attributes: { unlimited: true }, $value: 0 } : { attributes: { unlimited: false }, $value: limit ?? 0 };
}

export class PLService {
  constructor(private readonly store: SimStore) {}

  /** Set<X>PL, or Update<X>PL when `updating`: changes what the request names, nothing else. */
  change(kind: SimAccountKind, caller: Caller, args: Args, updating: boolean): Record<string, unknown> {
    const account = this.changeable(kind, caller, args);
    const fields = FIELDS[kind];
    const permissions = new Set(account.permissions);
    const limits: Limits = { ...account.limits };
    const choices = { ...account.plChoices };
    const notice: { message: string; code: string }[] = [];
    const applies = (name: string) => kind !== 'extension' || !EXTENSION_TYPE_OF[name] || EXTENSION_TYPE_OF[name] === account.extensionType;
    for (const [name, value] of Object.entries(args)) {
      if (fields.booleans.includes(name) || fields.limits.includes(name)) {
        if (!applies(name)) {
          notice.push({ message: `${name} applies to ${EXTENSION_TYPE_OF[name]} extensions only; ignored.`, code: '117' });
          continue;
        }
      }
      if (fields.booleans.includes(name)) {
        if (truth(name, value)) permissions.add(name);
        else permissions.delete(name);
      } else if (fields.limits.includes(name)) {
        limits[name] = updating ? limitChange(name, value, limits[name] === undefined ? 0 : limits[name]) : unlimitedUInt(name, value);
      } else if (fields.choices[name]) {
        const choice = text(value)?.trim() ?? '';
        if (!fields.choices[name].values.includes(choice)) throw malformed(name, fields.choices[name].values.join(', '));
        choices[name] = choice;
      } else if (name === 'accountExpire' || name === 'accountExpireDays') {
        choices[name] = unlimitedExpiry(name, value);
      }
    }
    this.store.updateAccount(account, { permissions: [...permissions], limits, plChoices: choices });
    return { ID: [account.ID], result: notice.length > 0 ? 'partial' : 'success', ...(notice.length > 0 ? { notice } : {}) };
  }

  /** Get<X>PL: every permission and limit of the account. */
  get(kind: SimAccountKind, caller: Caller, args: Args): Record<string, unknown> {
    const account = requireAccount(this.store, caller, kind, { ID: int(args.ID, 'ID'), identifier: text(args.identifier) });
    const fields = FIELDS[kind];
    const pl: Record<string, unknown> = {};
    if (kind === 'extension') pl.ID = account.ID;
    for (const name of fields.booleans) pl[name] = account.permissions.includes(name);
    for (const [name, choice] of Object.entries(fields.choices)) pl[name] = account.plChoices?.[name] ?? choice.default;
    for (const name of fields.limits) pl[name] = limitOut(account.limits[name]);
    for (const name of ['accountExpire', 'accountExpireDays']) {
      const expiry = account.plChoices?.[name];
      if (expiry !== undefined)
        pl[name] = expiry === 'unlimited' ? { attributes: { unlimited: true } } : { attributes: { unlimited: false }, $value: expiry };
    }
    if (kind === 'reseller') pl.ID = account.ID;
    return kind === 'extension' ? { extensionPL: pl } : { userPL: pl };
  }

  /** Only an account's owners (the admin, its reseller) change its permissions and limits: fault 250 otherwise. */
  private changeable(kind: SimAccountKind, caller: Caller, args: Args): SimAccount {
    const account = requireAccount(this.store, caller, kind, { ID: int(args.ID, 'ID'), identifier: text(args.identifier) });
    if (caller.level !== 'admin' && (caller.id === account.ID || !isAncestor(this.store, caller.id, account))) {
      throw new SimFault('250', `Invalid user ID: ${account.ID}.`);
    }
    return account;
  }
}

function unlimitedExpiry(name: string, value: unknown): string {
  const attrs = asArgs(asArgs(value).attributes);
  if (attrs.unlimited !== undefined && truth(name, attrs.unlimited)) return 'unlimited';
  const raw =
    text(typeof value === 'object' && value !== null && '$value' in value ? (value as { $value: unknown }).$value : value)?.trim() ?? '';
  if (name === 'accountExpireDays' ? !/^\d+$/.test(raw) : !/^\d{4}-\d\d-\d\d$/.test(raw))
    throw malformed(name, name === 'accountExpireDays' ? 'a number of days' : 'a date');
  return raw;
}
