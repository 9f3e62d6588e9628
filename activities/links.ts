/** Linking a Plesk account to a VoipNow account that already exists, and unlinking. */
import { deleteLink, findLink, saveLink } from '../db/links';
import { addLog } from '../db/log';
import { isUniqueViolation } from '../db/client';
import { SyncError, VOIPNOW_KIND_OF, type AccountKey, type AccountKind } from '../domain';
import type { LinkInput, LinkResult, UnlinkInput, UnlinkResult } from '../domain/workflow-types';
import type { ActivityDeps } from './deps';
import { asOperation } from './operation';
import { planReplication } from './replicate';

const invalidTarget = (why: string) => new SyncError('linkTargetInvalid', { message: `Cannot link: ${why}` });

/**
 * The VoipNow account must exist, be of the kind the Plesk account maps to, and sit under the
 * VoipNow account the Plesk parent is linked to (spec section 4). Linked accounts keep no password:
 * switching to VoipNow then asks for credentials.
 */
export async function linkExisting(deps: ActivityDeps, input: LinkInput): Promise<LinkResult> {
  const { key, voipnowId } = input;
  return asOperation(deps, key, 'link', async () => {
    const existing = await findLink(deps.db, key);
    if (existing) {
      if (existing.voipnowId === voipnowId) return { result: { voipnowKind: existing.voipnowKind, voipnowId }, message: `Already linked to VoipNow ${existing.voipnowKind} #${voipnowId}` };
      throw new SyncError('alreadyLinked', { message: `The account is already linked to VoipNow ${existing.voipnowKind} #${existing.voipnowId}; unlink it first` });
    }
    const { connectors } = await deps.server(key.pleskServer);
    const plan = await planReplication(deps, connectors, key);
    const voipnowKind = VOIPNOW_KIND_OF[key.kind];
    const object = await connectors.voipnow.get(voipnowKind, voipnowId);
    if (!object) throw invalidTarget(`VoipNow has no ${voipnowKind} #${voipnowId}`);
    if (plan.voipnowParentId !== undefined && object.parentId !== plan.voipnowParentId) {
      throw invalidTarget(`VoipNow ${voipnowKind} #${voipnowId} is not under VoipNow account #${plan.voipnowParentId}, which the Plesk ${plan.parent?.kind} ${plan.parent?.pleskId} is linked to`);
    }
    try {
      await saveLink(deps.db, {
        key,
        voipnowKind,
        voipnowId,
        voipnowLogin: object.login,
        origin: 'linked',
        ...(plan.parent ? { parent: plan.parent } : {}),
        ...(plan.voipnowParentId !== undefined ? { voipnowParentId: plan.voipnowParentId } : {}),
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw invalidTarget(`VoipNow ${voipnowKind} #${voipnowId} is already linked to another Plesk account`);
      }
      throw error;
    }
    return { result: { voipnowKind, voipnowId }, message: `Plesk ${key.kind} ${key.pleskId} linked to existing VoipNow ${voipnowKind} #${voipnowId}` };
  });
}

/** The links below an account (its clients, domains, mailboxes), deepest first. */
async function linksBelow(deps: ActivityDeps, root: AccountKey): Promise<AccountKey[]> {
  const found: AccountKey[] = [];
  let frontier: { kind: AccountKind; pleskId: string }[] = [{ kind: root.kind, pleskId: root.pleskId }];
  while (frontier.length > 0) {
    const children = await deps.db.accountLink.findMany({
      where: { pleskServer: root.pleskServer, OR: frontier.map((f) => ({ parentKind: f.kind, parentPleskId: f.pleskId })) },
      select: { kind: true, pleskId: true },
    });
    const next = children.map((c) => ({ kind: c.kind as AccountKind, pleskId: c.pleskId }));
    found.push(...next.map((c) => ({ pleskServer: root.pleskServer, ...c })));
    frontier = next;
  }
  return found.reverse();
}

/** Removes the link (and, recursively, every link below). Nothing is deleted in VoipNow. */
export async function unlink(deps: ActivityDeps, input: UnlinkInput): Promise<UnlinkResult> {
  const { key } = input;
  return asOperation(deps, key, 'unlink', async () => {
    const root = await findLink(deps.db, key);
    if (!root) throw new SyncError('notLinked');
    const below = input.recursive ? await linksBelow(deps, key) : [];
    for (const child of below) {
      const removed = await deleteLink(deps.db, child);
      if (removed) {
        await addLog(deps.db, {
          level: 'info',
          event: 'unlink',
          key: child,
          message: `Plesk ${child.kind} ${child.pleskId} unlinked from VoipNow ${removed.voipnowKind} #${removed.voipnowId} (with Plesk ${key.kind} ${key.pleskId})`,
        });
      }
    }
    await deleteLink(deps.db, key);
    const count = below.length + 1;
    return {
      result: { unlinked: count },
      message: `Plesk ${key.kind} ${key.pleskId} unlinked from VoipNow ${root.voipnowKind} #${root.voipnowId}${below.length ? ` with ${below.length} accounts below` : ''}; nothing was deleted in VoipNow`,
    };
  });
}
