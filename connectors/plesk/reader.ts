import { chunk, mapLimit } from './batch';
import { compareVersions, FIRST_WITH_RESELLER } from './protocol';
import { customerOf, ownerIdOf, resellerOf } from './records';
import { type OperationResult, type Session } from './session';
import type { Contact, PleskPerson } from '../../domain/records';
import { type PleskProtocol } from './types';
import { child, leaf, text, type XmlNode } from './xml';

/**
 * The reads shared by both dialects, and the ID-then-details pattern: the XML API has no paging,
 * so a blank filter with an empty dataset lists IDs cheaply, and details follow in packets of
 * `batchSize` explicit <id> filters, a few packets in flight at once.
 */

export interface ReadContext {
  session: Session;
  protocol: PleskProtocol;
  batchSize: number;
  concurrency: number;
}

export const GEN_INFO = '<dataset><gen_info/></dataset>';
/** The reseller and user operators spell it with a hyphen. */
export const GEN_INFO_HYPHEN = '<dataset><gen-info/></dataset>';

export function send(ctx: ReadContext, operations: string): Promise<XmlNode> {
  return ctx.session.send(operations, ctx.protocol.protocol);
}

export function getOperation(operator: string, filter: string, dataset: string): string {
  const filterXml = filter === '' ? '<filter/>' : `<filter>${filter}</filter>`;
  return `<${operator}><get>${filterXml}${dataset}</get></${operator}>`;
}

export function idFilter(ids: readonly string[], key = 'id'): string {
  return ids.map((id) => leaf(key, id)).join('');
}

/** The data block of a result: gen_info or gen-info, whichever the operator uses. */
export function genInfoOf(result: OperationResult): XmlNode | undefined {
  const data = child(result.node, 'data');
  return child(data, 'gen_info') ?? child(data, 'gen-info');
}

/** Every object ID of an operator: blank filter, empty dataset (ASSUMED accepted, decision 020). */
export async function listIds(ctx: ReadContext, operator: string): Promise<string[]> {
  const packet = await send(ctx, getOperation(operator, '', '<dataset/>'));
  const results = ctx.session.operationResults(packet, operator, 'get').flat();
  return ctx.session.okResults(results, `${operator} get`).flatMap((r) => (r.id === undefined ? [] : [r.id]));
}

/**
 * Details of the given IDs in batches; IDs that vanished meanwhile are left out. Each batch is
 * turned into records by `pick` as it arrives, so no more than a few parsed packets are alive at
 * once however large the estate.
 */
export async function readByIds<T>(
  ctx: ReadContext,
  operator: string,
  dataset: string,
  ids: readonly string[],
  pick: (result: OperationResult) => T,
): Promise<T[]> {
  const batches = await mapLimit(chunk(ids, ctx.batchSize), ctx.concurrency, async (batch) => {
    const packet = await send(ctx, getOperation(operator, idFilter(batch), dataset));
    return ctx.session.okResults(ctx.session.operationResults(packet, operator, 'get').flat(), `${operator} get`).map(pick);
  });
  return batches.flat();
}

export function customerOperator(ctx: ReadContext): 'customer' | 'client' {
  return ctx.protocol.dialect === 'modern' ? 'customer' : 'client';
}

export function hasResellers(ctx: ReadContext): boolean {
  return ctx.protocol.dialect === 'modern' || compareVersions(ctx.protocol.protocol, FIRST_WITH_RESELLER) >= 0;
}

export async function listResellers(ctx: ReadContext): Promise<PleskPerson[]> {
  if (!hasResellers(ctx)) return [];
  const ids = await listIds(ctx, 'reseller');
  return readByIds(ctx, 'reseller', GEN_INFO_HYPHEN, ids, (r) => resellerOf(r.id as string, genInfoOf(r)));
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Customers with their owners. `resellerIds` tells which owner IDs are resellers, and may still be
 * coming (the estate read asks for resellers and customers at once); without it the distinct owner
 * IDs are looked up (the rest belong to the administrator).
 */
export async function listCustomers(
  ctx: ReadContext,
  resellerIds?: ReadonlySet<string> | Promise<ReadonlySet<string>>,
): Promise<PleskPerson[]> {
  const operator = customerOperator(ctx);
  const ids = await listIds(ctx, operator);
  const rows = await readByIds(ctx, operator, GEN_INFO, ids, (r) => {
    const info = genInfoOf(r);
    return { customer: customerOf(r.id as string, info, NONE), ownerId: ownerIdOf(info) };
  });
  const found = resellerIds ? await resellerIds : await existingIds(ctx, 'reseller', distinct(rows.map((row) => row.ownerId)));
  return rows.map(({ customer, ownerId }) => {
    if (ownerId && found.has(ownerId)) customer.owner = { kind: 'reseller', pleskId: ownerId };
    return customer;
  });
}

export function distinct(ids: readonly (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

/** Which of these IDs exist for the operator (cheap lookups, empty dataset). */
export async function existingIds(
  ctx: ReadContext,
  operator: 'reseller' | 'customer' | 'client',
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0 || (operator === 'reseller' && !hasResellers(ctx))) return new Set();
  return new Set(await readByIds(ctx, operator, '<dataset/>', ids, (r) => r.id as string));
}

/** One account by ID, or null when Plesk answers 1013. */
export async function readOne(ctx: ReadContext, operator: string, dataset: string, id: string): Promise<OperationResult | null> {
  const packet = await send(ctx, getOperation(operator, idFilter([id]), dataset));
  const [result] = ctx.session.okResults(ctx.session.operationResults(packet, operator, 'get').flat(), `${operator} get`);
  return result ?? null;
}

export async function getReseller(ctx: ReadContext, id: string): Promise<PleskPerson | null> {
  if (!hasResellers(ctx)) return null;
  const result = await readOne(ctx, 'reseller', GEN_INFO_HYPHEN, id);
  return result ? resellerOf(result.id ?? id, genInfoOf(result)) : null;
}

export async function getCustomer(ctx: ReadContext, id: string): Promise<PleskPerson | null> {
  const result = await readOne(ctx, customerOperator(ctx), GEN_INFO, id);
  if (!result) return null;
  const info = genInfoOf(result);
  return customerOf(result.id ?? id, info, await existingIds(ctx, 'reseller', distinct([ownerIdOf(info)])));
}

/**
 * The Plesk administrator's contact data (`server get` with `<admin/>`, its admin_* fields): the
 * contact data of domains the administrator owns (product spec section 2).
 */
export async function getAdminContact(ctx: ReadContext): Promise<Contact> {
  const packet = await send(ctx, '<server><get><admin/></get></server>');
  const [result] = ctx.session.operationResults(packet, 'server', 'get').flat();
  if (result && !result.ok) throw ctx.session.fault(result, 'server get');
  const admin = child(result?.node, 'admin');
  const field = (name: string) => (text(admin, `admin_${name}`) ?? '').trim();
  return {
    name: field('pname'),
    company: field('cname'),
    email: field('email'),
    phone: field('phone'),
    fax: field('fax'),
    address: field('address'),
    city: field('city'),
    state: field('state'),
    pcode: field('pcode'),
    country: field('country'),
    locale: field('locale'),
  };
}
