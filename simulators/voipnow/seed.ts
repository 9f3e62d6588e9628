import { randomUUID } from 'node:crypto';
import { nextExtensionNo } from './accounts';
import { EXTENSION_TYPES } from './lookups';
import {
  ADMIN_ID,
  hashPassword,
  LEVEL_OF,
  type Limits,
  type SimAccount,
  type SimAccountKind,
  type SimStore,
  type TemplateLevel,
} from './state';
import { isAncestor } from './views';

/**
 * Seeding the simulator directly (admin API POST /__sim/seed and the in-process handle): accounts,
 * templates and charging plans, nested so a whole tree fits one request. Seeding skips the SOAP
 * checks (a seeded reseller may have any limits) but keeps the tree consistent.
 *
 *   { chargingPlans: [{ name }], templates: [{ name, level, limits, permissions }],
 *     accounts: [{ kind: 'reseller', login, template: 'Gold', templates: [...], accounts: [
 *       { kind: 'client', login, accounts: [{ kind: 'extension', login }] } ] }] }
 */

export interface SeedChargingPlan {
  name: string;
}
export interface SeedTemplate {
  name: string;
  level: TemplateLevel;
  /** For extension templates (level 100): the extension type they make, phone terminal (term) by default. */
  extensionType?: string;
  permissions?: string[];
  limits?: Limits;
  /** Name of a charging plan of the same owner. */
  chargingPlan?: string;
}
export interface SeedAccount {
  kind: SimAccountKind;
  login: string;
  password?: string;
  /** Owner by ID or login, for top-level entries; nested entries belong to the enclosing account. */
  parent?: number | string;
  /** Template by ID or name (the owner's or an ancestor's). */
  template?: number | string;
  /** Overrides the template's limits. */
  limits?: Limits;
  permissions?: string[];
  name?: string;
  company?: string;
  email?: string;
  phone?: string;
  interfaceLang?: string;
  serverID?: string;
  status?: boolean;
  chargingPlans?: SeedChargingPlan[];
  templates?: SeedTemplate[];
  accounts?: SeedAccount[];
}
export interface SeedInput {
  chargingPlans?: SeedChargingPlan[];
  templates?: SeedTemplate[];
  accounts?: SeedAccount[];
}
export interface SeedResult {
  chargingPlans: { ID: number; name: string; ownerID: number }[];
  templates: { ID: number; name: string; ownerID: number; level: number }[];
  accounts: { ID: number; kind: SimAccountKind; login: string; parentID: number; extensionID?: number; extensionNo?: string }[];
}

export class SeedError extends Error {}

const PARENT_KIND: Readonly<Record<SimAccountKind, (SimAccountKind | 'admin')[]>> = {
  reseller: ['admin'],
  client: ['reseller', 'admin'],
  extension: ['client'],
};

export function seed(store: SimStore, input: SeedInput): SeedResult {
  const result: SeedResult = { chargingPlans: [], templates: [], accounts: [] };

  const addOwned = (ownerID: number, plans: SeedChargingPlan[] = [], templates: SeedTemplate[] = []): void => {
    for (const plan of plans) {
      const created = store.addChargingPlan({ name: plan.name, ownerID });
      result.chargingPlans.push({ ID: created.ID, name: created.name, ownerID });
    }
    for (const t of templates) {
      if (![10, 50, 100].includes(t.level)) throw new SeedError(`template ${t.name}: level must be 10, 50 or 100`);
      const plan =
        t.chargingPlan === undefined ? undefined : store.chargingPlans.find((p) => p.ownerID === ownerID && p.name === t.chargingPlan);
      if (t.chargingPlan !== undefined && !plan) throw new SeedError(`template ${t.name}: no charging plan ${t.chargingPlan}`);
      if (t.extensionType !== undefined && (t.level !== 100 || !EXTENSION_TYPES.has(t.extensionType)))
        throw new SeedError(`template ${t.name}: extensionType is for level 100, one of ${[...EXTENSION_TYPES].join(', ')}`);
      const created = store.addTemplate({
        name: t.name,
        ownerID,
        level: t.level,
        permissions: t.permissions ?? [],
        limits: t.limits ?? {},
        chargingPlanID: plan?.ID,
        ...(t.extensionType === undefined ? {} : { extensionType: t.extensionType }),
      });
      result.templates.push({ ID: created.ID, name: created.name, ownerID, level: created.level });
    }
  };

  const addAccount = (entry: SeedAccount, parentID: number): void => {
    if (!(entry.kind in PARENT_KIND)) throw new SeedError(`account ${entry.login}: unknown kind ${String(entry.kind)}`);
    if (!entry.login) throw new SeedError('every account needs a login');
    if (store.accountByLogin(entry.login)) throw new SeedError(`account ${entry.login}: login already used`);
    const parentKind = parentID === ADMIN_ID ? 'admin' : store.account(parentID)?.kind;
    if (!parentKind || !PARENT_KIND[entry.kind].includes(parentKind)) {
      throw new SeedError(`account ${entry.login}: a ${entry.kind} cannot be owned by ${parentKind ?? `missing account ${parentID}`}`);
    }
    const template = entry.template === undefined ? undefined : findTemplate(store, entry.template, entry.kind, parentID);
    const account = store.addAccount({
      kind: entry.kind,
      parentID,
      login: entry.login,
      passwordHash: hashPassword(entry.password ?? randomUUID()),
      name: entry.name,
      company: entry.company,
      email: entry.email,
      phone: entry.phone,
      interfaceLang: entry.interfaceLang,
      serverID: entry.serverID,
      identifier: randomUUID(),
      status: entry.status ?? true,
      phoneStatus: '1',
      cpAccess: true,
      templateID: template?.ID,
      crDate: new Date().toISOString(),
      permissions: entry.permissions ?? [...(template?.permissions ?? [])],
      limits: { ...(template?.limits ?? {}), ...(entry.limits ?? {}) },
      ...(entry.kind === 'extension' ? { extensionType: 'term', extensionNo: nextExtensionNo(store, parentID), phoneLang: 'en' } : {}),
    });
    result.accounts.push(summary(account));
    addOwned(account.ID, entry.chargingPlans, entry.templates);
    for (const child of entry.accounts ?? []) addAccount(child, account.ID);
  };

  addOwned(ADMIN_ID, input.chargingPlans, input.templates);
  for (const entry of input.accounts ?? []) addAccount(entry, resolveParent(store, entry.parent));
  return result;
}

function resolveParent(store: SimStore, parent: number | string | undefined): number {
  if (parent === undefined || parent === ADMIN_ID) return ADMIN_ID;
  const account = typeof parent === 'number' ? store.account(parent) : store.accountByLogin(parent);
  if (!account) throw new SeedError(`no parent account ${parent}`);
  return account.ID;
}

function findTemplate(store: SimStore, ref: number | string, kind: SimAccountKind, parentID: number) {
  const parent = store.account(parentID);
  const template = store.templates.find(
    (t) =>
      (typeof ref === 'number' ? t.ID === ref : t.name === ref) &&
      t.level === LEVEL_OF[kind] &&
      (t.ownerID === parentID || (parent !== undefined && isAncestor(store, t.ownerID, parent))),
  );
  if (!template) throw new SeedError(`no ${kind} template ${ref} for owner ${parentID}`);
  return template;
}

function summary(a: SimAccount): SeedResult['accounts'][number] {
  return { ID: a.ID, kind: a.kind, login: a.login, parentID: a.parentID, extensionID: a.extensionID, extensionNo: a.extensionNo };
}
