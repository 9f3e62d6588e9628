/**
 * The steps of moving an account to its new Plesk owner (workflows/moveAccount.ts runs them as a
 * saga): plan, detach the link, move the VoipNow client under the new owner's reseller, attach
 * the link under the new owner; and the undo of each step.
 */
import { deleteLink, findLink, restoreLink as putLinkBack, saveLink, type LinkRecord } from '../db/links';
import type { Operation } from '../db/attempts';
import { SyncError, type AccountKey, type AccountKind, type VoipnowKind } from '../domain';
import { Attempt } from './attempt';
import type { ActivityDeps } from './deps';
import { asFailure } from './failures';

export type { LinkRecord };

export interface MovePlan {
  unchanged: boolean;
  from: string;
  to: string;
  voipnowKind: VoipnowKind;
  voipnowId: number;
  newParent?: { kind: AccountKind; pleskId: string };
  newVoipnowParentId?: number;
  oldVoipnowParentId?: number;
  /** Domains: the VoipNow client moves to the new owner's VoipNow reseller. */
  moveInVoipnow: boolean;
}

const ownerText = (owner?: { kind: string; pleskId?: string }) =>
  owner && owner.kind !== 'admin' && owner.pleskId ? `${owner.kind} ${owner.pleskId}` : 'admin';

export async function planMove(deps: ActivityDeps, input: { key: AccountKey }): Promise<MovePlan> {
  const { key } = input;
  return asFailure(async () => {
    const link = await findLink(deps.db, key);
    if (!link) throw new SyncError('notLinked');
    const from = ownerText(link.parentKind ? { kind: link.parentKind, pleskId: link.parentPleskId ?? '' } : undefined);
    const base = {
      from,
      to: from,
      voipnowKind: link.voipnowKind,
      voipnowId: link.voipnowId,
      moveInVoipnow: false,
      ...(link.voipnowParentId !== null ? { oldVoipnowParentId: link.voipnowParentId } : {}),
    };
    if (key.kind !== 'client' && key.kind !== 'domain') return { ...base, unchanged: true };

    const { connectors } = await deps.server(key.pleskServer);
    const owner = (
      key.kind === 'client' ? await connectors.plesk.getPerson('client', key.pleskId) : await connectors.plesk.getDomain(key.pleskId)
    )?.owner;
    if (!owner) throw new SyncError('pleskAccountNotFound');
    const to = ownerText(owner);
    if (to === from) return { ...base, unchanged: true };
    if (owner.kind === 'admin') {
      if (key.kind === 'domain')
        throw new SyncError('invalidParent', { message: 'VoipNow cannot move a client from its reseller to the admin' });
      return { ...base, to, unchanged: false };
    }
    const newParent = { kind: owner.kind, pleskId: owner.pleskId };
    const parentLink = await findLink(deps.db, { pleskServer: key.pleskServer, ...newParent });
    if (!parentLink) {
      throw new SyncError('invalidParent', { message: `Invalid parent client id. The new owner, Plesk ${to}, is not replicated yet` });
    }
    return {
      ...base,
      to,
      unchanged: false,
      newParent,
      ...(key.kind === 'domain' ? { newVoipnowParentId: parentLink.voipnowId, moveInVoipnow: true } : {}),
    };
  });
}

export async function detachLink(deps: ActivityDeps, input: { key: AccountKey }): Promise<LinkRecord> {
  return asFailure(async () => {
    const link = await findLink(deps.db, input.key);
    if (!link) throw new SyncError('notLinked');
    await deleteLink(deps.db, input.key);
    const { linkedAt: _linkedAt, updatedAt: _updatedAt, ...record } = link;
    return record;
  });
}

export async function moveInVoipnow(
  deps: ActivityDeps,
  input: { pleskServer: string; voipnowId: number; toParentId: number },
): Promise<void> {
  return asFailure(async () => {
    const { connectors } = await deps.server(input.pleskServer);
    await connectors.voipnow.moveClients([input.voipnowId], input.toParentId);
  });
}

/** Links the same VoipNow account again, under the new owner; checks VoipNow agrees where it sits. */
export async function attachLink(
  deps: ActivityDeps,
  input: { link: LinkRecord; parent?: { kind: AccountKind; pleskId: string }; voipnowParentId?: number },
): Promise<void> {
  return asFailure(async () => {
    const { link } = input;
    const key = { pleskServer: link.pleskServer, kind: link.kind, pleskId: link.pleskId };
    if (input.voipnowParentId !== undefined) {
      const { connectors } = await deps.server(link.pleskServer);
      const account = await connectors.voipnow.get(link.voipnowKind, link.voipnowId);
      if (!account || account.parentId !== input.voipnowParentId) {
        throw new SyncError('linkTargetInvalid', {
          message: `VoipNow ${link.voipnowKind} #${link.voipnowId} is not under VoipNow account #${input.voipnowParentId}`,
        });
      }
    }
    await saveLink(deps.db, {
      key,
      voipnowKind: link.voipnowKind,
      voipnowId: link.voipnowId,
      ...(link.voipnowLogin ? { voipnowLogin: link.voipnowLogin } : {}),
      origin: link.origin,
      ...(input.parent ? { parent: input.parent } : {}),
      ...(input.voipnowParentId !== undefined ? { voipnowParentId: input.voipnowParentId } : {}),
      ...(link.passwordEnc ? { passwordEnc: link.passwordEnc } : {}),
      ...(link.templateName ? { templateName: link.templateName } : {}),
      ...(link.workflowId ? { workflowId: link.workflowId } : {}),
    });
  });
}

/**
 * Undo of detachLink: the link exactly as it was, without asking VoipNow (undoing VoipNow's side
 * is a step of its own, which runs first).
 */
export async function restoreLink(deps: ActivityDeps, input: { link: LinkRecord }): Promise<void> {
  return asFailure(() => putLinkBack(deps.db, input.link));
}

/** One attempt row and one log line for an operation a workflow ran in several steps. */
export async function recordOutcome(
  deps: ActivityDeps,
  input: { key: AccountKey; operation: Operation; succeeded: boolean; message: string; reasonType?: string },
): Promise<void> {
  const attempt = await Attempt.open(deps, input.key, input.operation);
  if (input.succeeded) await attempt.succeed(input.message);
  else await attempt.fail(input.reasonType ? { type: input.reasonType, text: input.message } : undefined, input.message);
}
