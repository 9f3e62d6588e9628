/** Attempts: one row per try of an operation on one account (number, times, outcome, reason). */
import type { AccountKey } from '../domain';
import type { DbOrTx } from './client';
import type { Attempt } from './generated/client';
import { Prisma } from './generated/client';

export type { Attempt };
export type AttemptOutcome = 'running' | 'succeeded' | 'failed' | 'retrying' | 'interrupted';
export type Operation = 'replicate' | 'link' | 'unlink' | 'move';

export interface AttemptStart {
  key: AccountKey;
  operation: Operation;
  workflowId: string;
  runId: string;
  activityAttempt: number;
}

/**
 * Opens an attempt. A row still "running" for the same execution belongs to a try whose worker
 * died: it is closed as interrupted first. The number is the next one for the account; a
 * concurrent insert of the same number (unique index) is retried with the next one.
 */
export async function startAttempt(db: DbOrTx, start: AttemptStart): Promise<Attempt> {
  const { key } = start;
  await closeAbandonedAttempts(db, key, start.workflowId);
  for (let tries = 0; ; tries += 1) {
    const last = await db.attempt.findFirst({
      where: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId },
      orderBy: { number: 'desc' },
      select: { number: true },
    });
    try {
      return await db.attempt.create({
        data: {
          pleskServer: key.pleskServer,
          kind: key.kind,
          pleskId: key.pleskId,
          number: (last?.number ?? 0) + 1,
          operation: start.operation,
          outcome: 'running',
          workflowId: start.workflowId,
          runId: start.runId,
          activityAttempt: start.activityAttempt,
        },
      });
    } catch (error) {
      const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
      if (!duplicate || tries >= 5) throw error;
    }
  }
}

/**
 * Closes the tries of `workflowId` still marked running: the worker running them died. A try that
 * got as far as writing the account's link (the link was written by the same workflow after the
 * try started) did its work and only missed closing its row: it is closed as succeeded. Any
 * other is closed as interrupted. Returns the rows closed as succeeded.
 */
export async function closeAbandonedAttempts(
  db: DbOrTx,
  key: AccountKey,
  workflowId: string,
  link?: { workflowId: string | null; linkedAt: Date },
): Promise<Attempt[]> {
  const where = { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId, workflowId, outcome: 'running' };
  const finishedAt = new Date();
  const completed: Attempt[] = [];
  if (link && link.workflowId === workflowId) {
    const madeLink = await db.attempt.findMany({ where: { ...where, startedAt: { lte: link.linkedAt } } });
    for (const attempt of madeLink) {
      completed.push(await db.attempt.update({ where: { id: attempt.id }, data: { outcome: 'succeeded', finishedAt, reasonType: null, reasonText: null } }));
    }
  }
  await db.attempt.updateMany({ where, data: { outcome: 'interrupted', finishedAt, reasonText: 'The worker stopped during this try' } });
  return completed;
}

export async function finishAttempt(
  db: DbOrTx,
  id: number,
  result: { outcome: Exclude<AttemptOutcome, 'running'>; reasonType?: string; reasonText?: string },
): Promise<Attempt> {
  return db.attempt.update({
    where: { id },
    data: { outcome: result.outcome, finishedAt: new Date(), reasonType: result.reasonType ?? null, reasonText: result.reasonText ?? null },
  });
}

export async function listAttempts(db: DbOrTx, key: AccountKey): Promise<Attempt[]> {
  return db.attempt.findMany({
    where: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId },
    orderBy: { number: 'asc' },
  });
}
