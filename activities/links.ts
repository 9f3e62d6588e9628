/** Linking a Plesk account to a VoipNow account that already exists, and unlinking. */
import { clearUnlinked, markUnlinked } from '../db/baseline';
import { isUniqueViolation } from '../db/client';
import { deleteLink, findLink, linksBelow, saveLink } from '../db/links';
import { addLog } from '../db/log';
import { SyncError, VOIPNOW_KIND_OF, type LinkInput, type LinkResult, type UnlinkInput, type UnlinkResult } from '../domain';
import { attempted } from './attempt';
import type { ActivityDeps } from './deps';
import { planReplication } from './plan';

const invalidTarget = (why: string) => new SyncError('linkTargetInvalid', { message: `Cannot link: ${why}` });

/**
 * The VoipNow account must exist, be of the kind the Plesk account maps to, and sit under the
 * VoipNow account the Plesk parent is linked to (spec section 4). Linked accounts keep no password:
 * switching to VoipNow then asks for credentials.
 */
export async function linkExisting(deps: ActivityDeps, input: LinkInput): Promise<LinkResult> {
  const { key, voipnowId } = input;
  return attempted(deps, key, 'link', async () => {
    const existing = await findLink(deps.db, key);
    if (existing) {
      if (existing.voipnowId === voipnowId)
        return {
          result: { voipnowKind: existing.voipnowKind, voipnowId },
          message: `Already linked to VoipNow ${existing.voipnowKind} #${voipnowId}`,
        };
      throw new SyncError('alreadyLinked', {
        message: `The account is already linked to VoipNow ${existing.voipnowKind} #${existing.voipnowId}; unlink it first`,
      });
    }
    const { settings, connectors } = await deps.server(key.pleskServer);
    const plan = await planReplication(deps, connectors.plesk, key, settings.loginSuffix);
    const voipnowKind = VOIPNOW_KIND_OF[key.kind];
    const account = await connectors.voipnow.get(voipnowKind, voipnowId);
    if (!account) throw invalidTarget(`VoipNow has no ${voipnowKind} #${voipnowId}`);
    if (plan.voipnowParentId !== undefined && account.parentId !== plan.voipnowParentId) {
      throw invalidTarget(
        `VoipNow ${voipnowKind} #${voipnowId} is not under VoipNow account #${plan.voipnowParentId}, which the Plesk ${plan.parent?.kind} ${plan.parent?.pleskId} is linked to`,
      );
    }
    try {
      await saveLink(deps.db, {
        key,
        voipnowKind,
        voipnowId,
        voipnowLogin: account.login,
        origin: 'linked',
        ...(plan.parent ? { parent: plan.parent } : {}),
        ...(plan.voipnowParentId !== undefined ? { voipnowParentId: plan.voipnowParentId } : {}),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw invalidTarget(`VoipNow ${voipnowKind} #${voipnowId} is already linked to another Plesk account`);
      throw error;
    }
    // A link by an admin brings an account that was unlinked back.
    await clearUnlinked(deps.db, key.pleskServer, key.kind, key.pleskId);
    return {
      result: { voipnowKind, voipnowId },
      message: `Plesk ${key.kind} ${key.pleskId} linked to existing VoipNow ${voipnowKind} #${voipnowId}`,
    };
  });
}

/**
 * Removes the link (and, recursively, every link below) and records who unlinked them and when.
 * Nothing is deleted or changed in VoipNow, then or later.
 */
export async function unlink(deps: ActivityDeps, input: UnlinkInput): Promise<UnlinkResult> {
  const { key } = input;
  return attempted(deps, key, 'unlink', async () => {
    const root = await findLink(deps.db, key);
    if (!root) throw new SyncError('notLinked');
    const below = input.recursive ? await linksBelow(deps.db, key) : [];
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
    // The unlink sticks: no automatic run replicates, adopts or changes these accounts again.
    const by = input.by ?? 'an admin';
    await markUnlinked(deps.db, key.pleskServer, [key, ...below], by, new Date());
    return {
      result: { unlinked: below.length + 1 },
      message: `Plesk ${key.kind} ${key.pleskId} unlinked from VoipNow ${root.voipnowKind} #${root.voipnowId}${below.length ? ` with ${below.length} accounts below` : ''}; nothing was deleted in VoipNow`,
    };
  });
}
