/**
 * The plan of one account's replication: its data as VoipNow will get it (domain/mapping.ts), its
 * Plesk parent and the VoipNow account that parent is linked to, and the owners whose template
 * preferences apply. Read from Plesk now, not from discovery's snapshot; linking uses it too.
 */
import type { PleskClient } from '../connectors/plesk';
import { findLink } from '../db/links';
import {
  SyncError,
  deriveClient,
  deriveExtension,
  deriveReseller,
  parseMailboxPleskId,
  reasonText,
  withLoginSuffix,
  type AccountKey,
  type AccountKind,
  type DerivedAccount,
  type PleskDomain,
  type PleskPerson,
} from '../domain';
import type { ActivityDeps } from './deps';

export interface Plan {
  derived: DerivedAccount;
  parent?: { kind: AccountKind; pleskId: string };
  voipnowParentId?: number;
  /** The VoipNow parent's own parent (a domain's reseller, for a mailbox's extension). */
  voipnowGrandparentId?: number;
  /** The Plesk resellers and clients above the account, nearest first (whose template preferences apply). */
  owners: AccountKey[];
}

export async function planReplication(
  deps: Pick<ActivityDeps, 'db'>,
  plesk: PleskClient,
  key: AccountKey,
  loginSuffix = '',
): Promise<Plan> {
  const plan = await planOf(deps, plesk, key);
  return { ...plan, derived: withLoginSuffix(plan.derived, loginSuffix) };
}

async function planOf(deps: Pick<ActivityDeps, 'db'>, plesk: PleskClient, key: AccountKey): Promise<Plan> {
  switch (key.kind) {
    case 'reseller':
    case 'client': {
      const person = await plesk.getPerson(key.kind, key.pleskId);
      if (!person) throw new SyncError('pleskAccountNotFound');
      // VoipNow 2.x resellers all sit under the admin; the Plesk owner is recorded for moves.
      return { derived: deriveReseller(person), owners: [], ...(person.owner.kind === 'reseller' ? { parent: person.owner } : {}) };
    }
    case 'domain':
      return planDomain(deps, plesk, key);
    case 'mailbox':
      return planMailbox(deps, plesk, key);
  }
}

async function planDomain(deps: Pick<ActivityDeps, 'db'>, plesk: PleskClient, key: AccountKey): Promise<Plan> {
  const domain = await plesk.getDomain(key.pleskId);
  if (!domain) throw new SyncError('pleskAccountNotFound');
  // A domain of the Plesk admin takes the admin's contact data (product spec section 2).
  if (domain.owner.kind === 'admin') return { derived: deriveClient(domain, null, await plesk.getAdminContact()), owners: [] };
  const owner = await ownerOf(plesk, domain.owner, domain);
  const parent = await parentOf(deps, { pleskServer: key.pleskServer, kind: domain.owner.kind, pleskId: domain.owner.pleskId });
  return { derived: deriveClient(domain, owner), owners: ownersOf(key.pleskServer, owner), ...parent };
}

async function planMailbox(deps: Pick<ActivityDeps, 'db'>, plesk: PleskClient, key: AccountKey): Promise<Plan> {
  const { domainId } = parseMailboxPleskId(key.pleskId);
  const [mailbox, domain] = await Promise.all([plesk.getMailbox(key.pleskId), plesk.getDomain(domainId)]);
  // A mail name without a mailbox (forwarding only) is no account to replicate.
  if (!mailbox?.enabled || !domain) throw new SyncError('pleskAccountNotFound');
  const owner = domain.owner.kind === 'admin' ? null : await ownerOf(plesk, domain.owner, domain);
  const adminContact = owner ? undefined : await plesk.getAdminContact();
  const parent = await parentOf(deps, { pleskServer: key.pleskServer, kind: 'domain', pleskId: domainId });
  return {
    derived: deriveExtension(mailbox, domain, owner, adminContact),
    owners: owner ? ownersOf(key.pleskServer, owner) : [],
    ...parent,
  };
}

/** The reseller or client owning a domain, as Plesk has it now. */
async function ownerOf(
  plesk: PleskClient,
  of: { kind: 'reseller' | 'client'; pleskId: string },
  domain: PleskDomain,
): Promise<PleskPerson> {
  const owner = await plesk.getPerson(of.kind, of.pleskId);
  if (!owner) throw new SyncError('pleskAccountNotFound', { message: `The owner of domain ${domain.name} no longer exists in Plesk` });
  return owner;
}

/** The VoipNow parent of an account: its Plesk parent must be linked first (spec section 1). */
async function parentOf(
  deps: Pick<ActivityDeps, 'db'>,
  parentKey: AccountKey,
): Promise<Pick<Plan, 'parent' | 'voipnowParentId' | 'voipnowGrandparentId'>> {
  const link = await findLink(deps.db, parentKey);
  if (!link) {
    throw new SyncError('invalidParent', {
      message: `${reasonText('invalidParent')} The ${parentKey.kind} ${parentKey.pleskId} that owns it is not replicated yet.`,
    });
  }
  return {
    parent: { kind: parentKey.kind, pleskId: parentKey.pleskId },
    voipnowParentId: link.voipnowId,
    ...(link.voipnowParentId !== null ? { voipnowGrandparentId: link.voipnowParentId } : {}),
  };
}

/** A client and the reseller owning it (nearest first): whose template preferences apply below. */
function ownersOf(pleskServer: string, person: PleskPerson): AccountKey[] {
  const chain: AccountKey[] = [{ pleskServer, kind: person.kind, pleskId: person.pleskId }];
  if (person.owner.kind === 'reseller') chain.push({ pleskServer, kind: 'reseller', pleskId: person.owner.pleskId });
  return chain;
}
