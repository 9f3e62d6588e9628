import { PLESK_ERRCODE } from './errors';
import { asciiNameOf, legacyAdminOf, ownerIdOf, userAdminOf } from './records';
import {
  customerOperator,
  distinct,
  existingIds,
  GEN_INFO,
  GEN_INFO_HYPHEN,
  genInfoOf,
  getOperation,
  hasResellers,
  idFilter,
  listIds,
  readByIds,
  readOne,
  send,
  type ReadContext,
} from './reader';
import type { DomainAdministrator, PleskDomain, PleskOwner } from '../../domain/records';
import { type OperationResult } from './session';
import { child, text, type XmlNode } from './xml';

/**
 * Domains in both dialects. Modern Plesk splits them into webspaces (subscriptions) and sites
 * (additional domains, owned through their webspace); Plesk 8/9 has one `domain` operator whose
 * <user> node is the domain administrator. Owners come as IDs in the account ID space shared by
 * the administrator, resellers and customers, so we tell them apart by looking the IDs up.
 */

export interface OwnerIds {
  resellers: ReadonlySet<string>;
  customers: ReadonlySet<string>;
}

/**
 * An owner ID that is neither a customer's nor a reseller's is the administrator's. A deleted
 * owner cannot leave a domain behind: Plesk deletes an account's subscriptions with it.
 */
export function ownerFrom(ownerId: string | undefined, ids: OwnerIds): PleskOwner {
  if (ownerId && ids.customers.has(ownerId)) return { kind: 'client', pleskId: ownerId };
  if (ownerId && ids.resellers.has(ownerId)) return { kind: 'reseller', pleskId: ownerId };
  return { kind: 'admin' };
}

async function resolveOwners(ctx: ReadContext, ownerIds: readonly (string | undefined)[]): Promise<OwnerIds> {
  const ids = distinct(ownerIds);
  const [customers, resellers] = await Promise.all([existingIds(ctx, customerOperator(ctx), ids), existingIds(ctx, 'reseller', ids)]);
  return { customers, resellers };
}

function domainOf(
  result: OperationResult,
  info: XmlNode | undefined,
  type: PleskDomain['type'],
  webspaceId: string | undefined,
  owner: PleskOwner,
  administrator: DomainAdministrator | null,
): PleskDomain {
  const name = text(info, 'name') ?? '';
  const status = Number(text(info, 'status'));
  return {
    kind: 'domain',
    pleskId: result.id as string,
    guid: text(info, 'guid') || undefined,
    name,
    asciiName: asciiNameOf(info, name),
    type,
    webspaceId,
    status: Number.isFinite(status) ? status : 0,
    owner,
    administrator,
  };
}

// ---- domain administrators of the modern dialect ----

const USER_DATASET = GEN_INFO_HYPHEN;

/**
 * Our rule (decision 020): an additional user is a domain administrator when it is not a built-in
 * account user, is enabled, and its access is limited to one subscription (subscription-domain-id).
 * When several qualify, the first Plesk lists (the oldest) wins. A site has its webspace's admin.
 */
export function domainAdminsOf(results: readonly OperationResult[]): Map<string, DomainAdministrator> {
  const admins = new Map<string, DomainAdministrator>();
  for (const result of results) {
    const info = genInfoOf(result);
    const builtIn = text(info, 'is-built-in');
    const status = text(info, 'status');
    const webspaceId = text(info, 'subscription-domain-id');
    if (!info || builtIn === '1' || builtIn === 'true' || !webspaceId) continue;
    if (status !== undefined && status !== 'enabled' && status !== '1' && status !== 'true') continue;
    if (!admins.has(webspaceId)) admins.set(webspaceId, userAdminOf(info));
  }
  return admins;
}

/** Users by filter (<all/> or <owner-guid>); the user operator has no ID filter to batch by. */
async function readDomainAdmins(ctx: ReadContext, filter: string): Promise<Map<string, DomainAdministrator>> {
  if (ctx.protocol.dialect !== 'modern' || !ctx.protocol.domainAdmins) return new Map();
  const packet = await send(ctx, getOperation('user', filter, USER_DATASET));
  // Users have no id element; every ok result is one user.
  const results = ctx.session.operationResults(packet, 'user', 'get').flat();
  const failed = results.find((r) => !r.ok && r.errcode !== PLESK_ERRCODE.objectNotFound);
  if (failed) throw ctx.session.fault(failed, 'user get');
  return domainAdminsOf(results.filter((r) => r.ok));
}

// ---- listing ----

/** Every domain with its owner; `known` (which may still be coming) saves looking the owners up. */
export async function listDomains(ctx: ReadContext, known?: OwnerIds | Promise<OwnerIds>): Promise<PleskDomain[]> {
  return ctx.protocol.dialect === 'modern' ? listModern(ctx, known) : listLegacy(ctx, known);
}

/** A domain as read, before its owner and administrator are known. */
interface DomainRow {
  domain: PleskDomain;
  ownerId: string | undefined;
  webspaceId: string | undefined;
}

function rowOf(result: OperationResult, type: PleskDomain['type']): DomainRow {
  const info = genInfoOf(result);
  return {
    domain: domainOf(result, info, type, undefined, { kind: 'admin' }, null),
    ownerId: ownerIdOf(info),
    webspaceId: text(info, 'webspace-id'),
  };
}

async function listModern(ctx: ReadContext, known?: OwnerIds | Promise<OwnerIds>): Promise<PleskDomain[]> {
  const [webspaceIds, siteIds] = await Promise.all([listIds(ctx, 'webspace'), listIds(ctx, 'site')]);
  const [webspaces, sites, admins] = await Promise.all([
    readByIds(ctx, 'webspace', GEN_INFO, webspaceIds, (r) => rowOf(r, 'webspace')),
    readByIds(ctx, 'site', GEN_INFO, siteIds, (r) => rowOf(r, 'site')),
    readDomainAdmins(ctx, '<all/>'),
  ]);
  const owners =
    (await known) ??
    (await resolveOwners(
      ctx,
      webspaces.map((w) => w.ownerId),
    ));
  const byWebspace = new Map<string, PleskDomain>();
  for (const { domain, ownerId } of webspaces) {
    domain.owner = ownerFrom(ownerId, owners);
    domain.administrator = admins.get(domain.pleskId) ?? null;
    byWebspace.set(domain.pleskId, domain);
  }
  const siteDomains: PleskDomain[] = [];
  for (const { domain, webspaceId } of sites) {
    const parent = byWebspace.get(webspaceId ?? '');
    // A site whose webspace vanished between the two reads went with it.
    if (parent) siteDomains.push({ ...domain, webspaceId: parent.pleskId, owner: parent.owner, administrator: parent.administrator });
  }
  return [...byWebspace.values(), ...siteDomains];
}

const LEGACY_DATASET = '<dataset><gen_info/><user/></dataset>';

async function listLegacy(ctx: ReadContext, known?: OwnerIds | Promise<OwnerIds>): Promise<PleskDomain[]> {
  const rows = await readByIds(ctx, 'domain', LEGACY_DATASET, await listIds(ctx, 'domain'), legacyRowOf);
  const owners =
    (await known) ??
    (await resolveOwners(
      ctx,
      rows.map((row) => row.ownerId),
    ));
  return rows.map(({ domain, ownerId }) => ({ ...domain, owner: ownerFrom(ownerId, owners) }));
}

/** Plesk 8/9: the administrator comes with the domain, in its <user> node. */
function legacyRowOf(result: OperationResult): DomainRow {
  const row = rowOf(result, 'webspace');
  row.domain.administrator = legacyAdminOf(child(child(result.node, 'data'), 'user'), row.domain.asciiName);
  return row;
}

// ---- one domain ----

export async function getDomain(ctx: ReadContext, id: string): Promise<PleskDomain | null> {
  if (ctx.protocol.dialect === 'legacy') {
    const result = await readOne(ctx, 'domain', LEGACY_DATASET, id);
    if (!result) return null;
    const { domain, ownerId } = legacyRowOf(result);
    return { ...domain, owner: ownerFrom(ownerId, await resolveOwners(ctx, [ownerId])) };
  }
  // The ID may be a webspace's or a site's: ask both in one packet, one of them answers.
  const packet = await send(ctx, getOperation('webspace', idFilter([id]), GEN_INFO) + getOperation('site', idFilter([id]), GEN_INFO));
  const [webspace] = ctx.session.okResults(ctx.session.operationResults(packet, 'webspace', 'get').flat(), 'webspace get');
  const [site] = ctx.session.okResults(ctx.session.operationResults(packet, 'site', 'get').flat(), 'site get');
  if (webspace) return webspaceWithOwner(ctx, webspace);
  if (!site) return null;
  const info = genInfoOf(site);
  const parentResult = await readOne(ctx, 'webspace', GEN_INFO, text(info, 'webspace-id') ?? '');
  if (!parentResult) return null;
  const parent = await webspaceWithOwner(ctx, parentResult);
  return domainOf(site, info, 'site', parent.pleskId, parent.owner, parent.administrator);
}

/**
 * How long one read of every additional user serves the single-domain reads of admin-owned
 * subscriptions. The API cannot filter users by subscription and gives no administrator GUID to
 * filter by owner, so each such read returns every user of the panel: on a panel with 30,000
 * users, reading them once per replicated domain or mailbox would cost Plesk (and us) hours.
 */
const ALL_USERS_TTL_MS = 10_000;
const allUsersRead = new WeakMap<ReadContext['session'], { at: number; admins: Promise<Map<string, DomainAdministrator>> }>();

function readAllDomainAdminsShared(ctx: ReadContext): Promise<Map<string, DomainAdministrator>> {
  const cached = allUsersRead.get(ctx.session);
  if (cached && Date.now() - cached.at < ALL_USERS_TTL_MS) return cached.admins;
  const admins = readDomainAdmins(ctx, '<all/>');
  allUsersRead.set(ctx.session, { at: Date.now(), admins });
  // A failed read is not kept: the next caller asks again.
  admins.catch(() => allUsersRead.get(ctx.session)?.admins === admins && allUsersRead.delete(ctx.session));
  return admins;
}

async function webspaceWithOwner(ctx: ReadContext, result: OperationResult): Promise<PleskDomain> {
  const info = genInfoOf(result);
  const ownerId = ownerIdOf(info);
  const { owner, guid } = await lookUpOwner(ctx, ownerId);
  // The owner's GUID narrows the user read to that owner's users; the admin's GUID is not known,
  // so admin-owned subscriptions share one read of every user for up to ten seconds.
  const admins = await (guid ? readDomainAdmins(ctx, idFilter([guid], 'owner-guid')) : readAllDomainAdminsShared(ctx));
  return domainOf(result, info, 'webspace', undefined, owner, admins.get(result.id as string) ?? null);
}

async function lookUpOwner(ctx: ReadContext, ownerId: string | undefined): Promise<{ owner: PleskOwner; guid?: string }> {
  if (!ownerId) return { owner: { kind: 'admin' } };
  let operations = getOperation('customer', idFilter([ownerId]), GEN_INFO);
  if (hasResellers(ctx)) operations += getOperation('reseller', idFilter([ownerId]), GEN_INFO_HYPHEN);
  const packet = await send(ctx, operations);
  const [customer] = ctx.session.okResults(ctx.session.operationResults(packet, 'customer', 'get').flat(), 'customer get');
  if (customer) return { owner: { kind: 'client', pleskId: ownerId }, guid: text(genInfoOf(customer), 'guid') };
  const [reseller] = ctx.session.okResults(ctx.session.operationResults(packet, 'reseller', 'get').flat(), 'reseller get');
  if (reseller) return { owner: { kind: 'reseller', pleskId: ownerId }, guid: text(genInfoOf(reseller), 'guid') };
  return { owner: { kind: 'admin' } };
}
