import { int, text, type Args } from './args';
import type { Caller } from './auth';
import { FAULTS } from './rules';
import { ADMIN_ID, type SimAccount, type SimAccountKind, type SimStore, type SimTemplate } from './state';

/**
 * What a caller may see, and how accounts and templates look in responses (field names of
 * ExtendedClientInfo / ExtendedExtensionInfo / ClientList / ExtensionList / Template).
 */

export function isAncestor(store: SimStore, ancestorId: number, account: SimAccount): boolean {
  let parentId = account.parentID;
  while (parentId !== ADMIN_ID) {
    if (parentId === ancestorId) return true;
    const parent = store.account(parentId);
    if (!parent) return false;
    parentId = parent.parentID;
  }
  return ancestorId === ADMIN_ID;
}

/** The admin sees everything; an account sees itself and what is below it. */
export function canSee(store: SimStore, caller: Caller, account: SimAccount): boolean {
  return caller.level === 'admin' || account.ID === caller.id || isAncestor(store, caller.id, account);
}

/** The account the request names by ID or identifier, if the caller may see it and it is of `kind`; else fault 250. */
export function requireAccount(
  store: SimStore,
  caller: Caller,
  kind: SimAccountKind,
  ref: { ID?: number | undefined; identifier?: string | undefined },
): SimAccount {
  const account =
    ref.ID !== undefined ? store.account(ref.ID) : ref.identifier !== undefined ? store.accountByIdentifier(ref.identifier) : undefined;
  if (!account || account.kind !== kind || !canSee(store, caller, account)) throw FAULTS.invalidUserId(ref.ID ?? ref.identifier);
  return account;
}

function contact(a: SimAccount) {
  // ClientInfo order; the writer follows the schema order anyway.
  return {
    name: a.name,
    company: a.company,
    login: a.login,
    phone: a.phone,
    fax: a.fax,
    email: a.email,
    address: a.address,
    city: a.city,
    pcode: a.pcode,
    country: a.country,
    region: a.region,
    timezone: a.timezone,
    interfaceLang: a.interfaceLang,
    notes: a.notes,
    serverID: a.serverID,
    chargingIdentifier: a.chargingIdentifier,
  };
}

export function accountDetails(store: SimStore, a: SimAccount): Record<string, unknown> {
  const parent = store.account(a.parentID);
  const plan = store.chargingPlans.find((p) => p.ID === a.chargingPlanID);
  const common = {
    ...contact(a),
    ID: a.ID,
    identifier: a.identifier,
    parentID: a.parentID,
    parentIdentifier: parent?.identifier,
    status: a.status,
    cpAccess: a.cpAccess,
    parentName: parent ? (parent.name ?? parent.login) : 'admin',
    chargingPlan: plan?.name,
    templateID: a.templateID,
    crDate: a.crDate,
    scope: a.scope,
  };
  if (a.kind === 'extension') {
    return {
      ...common,
      phoneLang: a.phoneLang,
      extensionID: a.extensionID,
      extensionType: a.extensionType,
      extensionNo: a.extensionNo,
      chargingPlanID: a.chargingPlanID,
    };
  }
  return {
    ...common,
    phoneStatus: a.phoneStatus,
    chargingPlanID: a.chargingPlanID,
    link: a.linkUUID === undefined ? undefined : [{ resourceID: 1, UUID: a.linkUUID }],
  };
}

export function accountRow(a: SimAccount): Record<string, unknown> {
  const row = { ID: a.ID, name: a.name, login: a.login, email: a.email, identifier: a.identifier, scope: a.scope };
  if (a.kind !== 'extension') return row;
  return { ...row, extensionID: a.extensionID, extensionType: a.extensionType, extensionNo: a.extensionNo };
}

export function templateRow(store: SimStore, t: SimTemplate): Record<string, unknown> {
  const owner = store.account(t.ownerID);
  return {
    ID: t.ID,
    name: t.name,
    userID: t.ownerID,
    userName: owner ? (owner.name ?? owner.login) : 'admin',
    userLevel: t.level,
    chargingPlanID: t.chargingPlanID,
    chargingPlan: store.chargingPlans.find((p) => p.ID === t.chargingPlanID)?.name,
    users: store.templateUsers(t.ID),
    extensionType: t.level === 100 ? (t.extensionType ?? 'term') : undefined,
  };
}

/** A list answer: the rows, or the "no records" notice (code 030) in-band when there are none. */
export function listAnswer(rowName: string, rows: Record<string, unknown>[]): Record<string, unknown> {
  if (rows.length > 0) return { [rowName]: rows };
  return { notice: [{ message: 'No records found.', code: '030' }] };
}

/**
 * Get<Accounts>: the caller's visible accounts of `kind`, filtered by owner, SOAP tag (serverID;
 * CTRLPANEL means "created in the panel", i.e. with no tag), template and free text.
 */
export function listAccounts(store: SimStore, caller: Caller, kind: SimAccountKind, args: Args): Record<string, unknown> {
  const parentID = int(args.parentID, 'parentID');
  const parentIdentifier = text(args.parentIdentifier);
  let parent: SimAccount | undefined;
  if (parentID !== undefined || parentIdentifier !== undefined) {
    parent = parentID !== undefined ? store.account(parentID) : store.accountByIdentifier(parentIdentifier!);
    const adminAsParent = parentID === ADMIN_ID && caller.level === 'admin';
    if (!adminAsParent && (!parent || !canSee(store, caller, parent))) throw FAULTS.invalidParentId(parentID ?? parentIdentifier);
  }
  const serverID = text(args.serverID);
  const templateID = int(args.templateID, 'templateID');
  const extensionType = text(args.extensionType);
  const filter = text(args.filter)?.toLowerCase();
  // The narrowest index that holds every match: the parent's children, or the accounts with the tag.
  const candidates =
    parentID === ADMIN_ID
      ? store.children(ADMIN_ID)
      : parent
        ? store.children(parent.ID)
        : serverID !== undefined && serverID !== 'CTRLPANEL'
          ? store.taggedWith(serverID)
          : store.accounts;
  const rows = candidates
    .filter((a) => a.kind === kind && canSee(store, caller, a))
    .filter((a) => (parentID === ADMIN_ID ? a.parentID === ADMIN_ID : !parent || a.parentID === parent.ID))
    .filter((a) => serverID === undefined || (serverID === 'CTRLPANEL' ? a.serverID === undefined : a.serverID === serverID))
    .filter((a) => templateID === undefined || a.templateID === templateID)
    .filter((a) => extensionType === undefined || a.extensionType === extensionType)
    .filter((a) => !filter || [a.name, a.company, a.email, a.login, a.extensionNo].some((v) => v?.toLowerCase().includes(filter)))
    .map(accountRow);
  return listAnswer(kind, rows);
}
