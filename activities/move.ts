/**
 * The steps of moving an account to its new Plesk owner (workflows/moveAccount.ts runs them as a
 * saga): plan, detach the link, move the VoipNow client under the new owner's reseller, attach
 * the link under the new owner; and the undo of each step.
 */
import { Context } from '@temporalio/activity';
import { finishAttempt, openAttempt, type Operation } from '../db/attempts';
import { deleteLink, findLink, saveLink, type AccountLink } from '../db/links';
import { addLog, type LogLevel } from '../db/log';
import { SyncError, type AccountKey, type AccountKind, type VoipnowKind } from '../domain';
import type { ActivityDeps } from './deps';
import { toApplicationFailure, toSyncError } from './failures';

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

/** A link as plain data, to carry through the workflow and restore on undo. */
export type LinkRecord = Omit<AccountLink, 'linkedAt' | 'updatedAt'>;

const ownerText = (owner?: { kind: string; pleskId?: string }) => (owner && owner.kind !== 'admin' && owner.pleskId ? `${owner.kind} ${owner.pleskId}` : 'admin');

async function failing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (caught) {
    throw toApplicationFailure(toSyncError(caught));
  }
}

export async function planMove(deps: ActivityDeps, input: { key: AccountKey }): Promise<MovePlan> {
  const { key } = input;
  return failing(async () => {
    const link = await findLink(deps.db, key);
    if (!link) throw new SyncError('notLinked');
    const from = ownerText(link.parentKind ? { kind: link.parentKind, pleskId: link.parentPleskId ?? '' } : undefined);
    const base = { from, to: from, voipnowKind: link.voipnowKind as VoipnowKind, voipnowId: link.voipnowId, moveInVoipnow: false, ...(link.voipnowParentId !== null ? { oldVoipnowParentId: link.voipnowParentId } : {}) };
    if (key.kind !== 'client' && key.kind !== 'domain') return { ...base, unchanged: true };

    const { connectors } = await deps.server(key.pleskServer);
    let owner: { kind: 'admin' | 'reseller' | 'client'; pleskId?: string } | undefined;
    if (key.kind === 'client') owner = (await connectors.plesk.getPerson('client', key.pleskId))?.owner;
    else owner = (await connectors.plesk.getDomain(key.pleskId))?.owner;
    if (!owner) throw new SyncError('pleskAccountNotFound');
    const to = ownerText(owner);
    if (to === from) return { ...base, unchanged: true };
    if (owner.kind === 'admin' || !owner.pleskId) {
      if (key.kind === 'domain') throw new SyncError('invalidParent', { message: 'VoipNow cannot move a client from its reseller to the admin' });
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
  return failing(async () => {
    const link = await findLink(deps.db, input.key);
    if (!link) throw new SyncError('notLinked');
    await deleteLink(deps.db, input.key);
    const { linkedAt: _linkedAt, updatedAt: _updatedAt, ...record } = link;
    return record;
  });
}

export async function moveInVoipnow(deps: ActivityDeps, input: { pleskServer: string; voipnowId: number; toParentId: number }): Promise<void> {
  return failing(async () => {
    const { connectors } = await deps.server(input.pleskServer);
    await connectors.voipnow.moveClients([input.voipnowId], input.toParentId);
  });
}

/** Links the same VoipNow account again, under the new owner; checks VoipNow agrees where it sits. */
export async function attachLink(
  deps: ActivityDeps,
  input: { link: LinkRecord; parent?: { kind: AccountKind; pleskId: string }; voipnowParentId?: number },
): Promise<void> {
  return failing(async () => {
    const { link } = input;
    const key = { pleskServer: link.pleskServer, kind: link.kind as AccountKind, pleskId: link.pleskId };
    if (input.voipnowParentId !== undefined) {
      const { connectors } = await deps.server(link.pleskServer);
      const object = await connectors.voipnow.get(link.voipnowKind as VoipnowKind, link.voipnowId);
      if (!object || object.parentId !== input.voipnowParentId) {
        throw new SyncError('linkTargetInvalid', { message: `VoipNow ${link.voipnowKind} #${link.voipnowId} is not under VoipNow account #${input.voipnowParentId}` });
      }
    }
    await saveLink(deps.db, {
      key,
      voipnowKind: link.voipnowKind as VoipnowKind,
      voipnowId: link.voipnowId,
      ...(link.voipnowLogin ? { voipnowLogin: link.voipnowLogin } : {}),
      origin: link.origin === 'linked' ? 'linked' : 'replicated',
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
  return failing(async () => {
    const { link } = input;
    const existing = await findLink(deps.db, { pleskServer: link.pleskServer, kind: link.kind as AccountKind, pleskId: link.pleskId });
    if (existing) await deleteLink(deps.db, { pleskServer: link.pleskServer, kind: link.kind as AccountKind, pleskId: link.pleskId });
    await deps.db.accountLink.create({ data: link });
  });
}

/** One attempt row and one log line for an operation a workflow ran in several steps. */
export async function recordOutcome(
  deps: ActivityDeps,
  input: { key: AccountKey; operation: Operation; succeeded: boolean; message: string; reasonType?: string; level?: LogLevel },
): Promise<void> {
  const info = Context.current().info;
  const execution = { workflowId: info.workflowExecution?.workflowId ?? 'none', runId: info.workflowExecution?.runId ?? 'none' };
  const attempt = await openAttempt(deps.db, { key: input.key, operation: input.operation, ...execution, activityAttempt: info.attempt });
  await finishAttempt(deps.db, attempt.id, {
    outcome: input.succeeded ? 'succeeded' : 'failed',
    ...(input.reasonType ? { reasonType: input.reasonType, reasonText: input.message } : {}),
  });
  await addLog(deps.db, {
    level: input.level ?? (input.succeeded ? 'info' : 'error'),
    event: input.operation,
    key: input.key,
    message: input.message,
    ...(input.reasonType ? { reasonType: input.reasonType } : {}),
    ...execution,
  });
}
