import { SyncError } from '../../domain';
import { chunk, mapLimit } from './batch';
import { PLESK_ERRCODE } from './errors';
import { asciiNameOf, mailboxOf } from './records';
import { GEN_INFO, genInfoOf, getOperation, idFilter, readByIds, send, type ReadContext } from './reader';
import type { PleskMailbox } from '../../domain/records';
import { type OperationResult } from './session';
import { type PleskDomainRef } from './types';
import { leaf, text } from './xml';

/**
 * Mailboxes. The mail filter takes exactly one domain, so a packet carries one get_info per
 * domain, `batchSize` of them. The full address needs the domain's name, which mail get_info does
 * not return: callers that know it pass it, otherwise we read it first.
 */

interface NamedDomain {
  id: string;
  name: string;
  asciiName: string;
}

function getInfoOperation(ctx: ReadContext, domainId: string): string {
  // Current Plesk filters by site-id (any domain ID, webspaces included); Plesk 8/9 by domain_id.
  const key = ctx.protocol.dialect === 'modern' ? 'site-id' : 'domain_id';
  return `<get_info><filter>${leaf(key, domainId)}</filter><mailbox/></get_info>`;
}

/** Mailboxes of named domains; a domain that vanished (1013) contributes none. */
async function mailboxesOf(ctx: ReadContext, domains: readonly NamedDomain[]): Promise<PleskMailbox[]> {
  const batches = await mapLimit(chunk(domains, ctx.batchSize), ctx.concurrency, async (batch) => {
    const packet = await send(ctx, `<mail>${batch.map((d) => getInfoOperation(ctx, d.id)).join('')}</mail>`);
    const perDomain = ctx.session.operationResults(packet, 'mail', 'get_info');
    const found: PleskMailbox[] = [];
    batch.forEach((domain, index) => {
      for (const result of ctx.session.okResults(perDomain[index] ?? [], `mail get_info of domain ${domain.id}`)) {
        const mailbox = mailboxOf(result.node, domain);
        if (mailbox) found.push(mailbox);
      }
    });
    return found;
  });
  return batches.flat();
}

/** Names of domains given by ID only (webspaces and sites, or legacy domains). */
async function namesOf(ctx: ReadContext, ids: readonly string[]): Promise<NamedDomain[]> {
  if (ids.length === 0) return [];
  const operators = ctx.protocol.dialect === 'modern' ? ['webspace', 'site'] : ['domain'];
  const named = (r: OperationResult): NamedDomain => {
    const info = genInfoOf(r);
    const name = text(info, 'name') ?? '';
    return { id: r.id as string, name, asciiName: asciiNameOf(info, name) };
  };
  return (await Promise.all(operators.map((op) => readByIds(ctx, op, GEN_INFO, ids, named)))).flat();
}

export async function listMailboxes(ctx: ReadContext, domains: readonly PleskDomainRef[]): Promise<PleskMailbox[]> {
  const named = domains
    .filter((d): d is Exclude<PleskDomainRef, string> => typeof d !== 'string')
    .map((d) => ({ id: d.pleskId, name: d.name, asciiName: d.asciiName }));
  const looked = await namesOf(
    ctx,
    domains.filter((d): d is string => typeof d === 'string'),
  );
  return mailboxesOf(ctx, [...named, ...looked]);
}

/** Mailboxes of one domain; its name and its mail names come back in one packet. */
export async function getMailboxes(ctx: ReadContext, domainId: string): Promise<PleskMailbox[]> {
  const nameOperations =
    ctx.protocol.dialect === 'modern'
      ? getOperation('webspace', idFilter([domainId]), GEN_INFO) + getOperation('site', idFilter([domainId]), GEN_INFO)
      : getOperation('domain', idFilter([domainId]), GEN_INFO);
  const packet = await send(ctx, nameOperations + `<mail>${getInfoOperation(ctx, domainId)}</mail>`);
  const named = ['webspace', 'site', 'domain']
    .flatMap((op) => ctx.session.okResults(ctx.session.operationResults(packet, op, 'get').flat(), `${op} get`))
    .at(0);
  if (!named) {
    throw new SyncError('pleskAccountNotFound', {
      serverCode: PLESK_ERRCODE.objectNotFound,
      message: `Plesk has no domain with ID ${domainId}`,
    });
  }
  const info = genInfoOf(named);
  const name = text(info, 'name') ?? '';
  const domain = { id: domainId, name, asciiName: asciiNameOf(info, name) };
  const found: PleskMailbox[] = [];
  for (const result of ctx.session.operationResults(packet, 'mail', 'get_info').flat()) {
    if (!result.ok) throw ctx.session.fault(result, `mail get_info of domain ${domainId}`);
    const mailbox = mailboxOf(result.node, domain);
    if (mailbox) found.push(mailbox);
  }
  return found;
}
