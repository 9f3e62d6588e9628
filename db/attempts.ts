/** Attempts: one row per try of an operation on one account (number, times, outcome, reason). */
import type { AccountKey, AccountKind } from '../domain';
import { isUniqueViolation, type DbOrTx } from './client';
import { execute, queryRows } from './direct';
import type { AttemptOutcome, LogEvent, LogLevel, Operation } from './enums';
import { Prisma, type Attempt } from './generated/client';

export type { Attempt, AttemptOutcome, Operation };

export interface AttemptStart {
  key: AccountKey;
  operation: Operation;
  workflowId: string;
  runId: string;
  activityAttempt: number;
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
  const where = { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId, workflowId, outcome: 'running' as const };
  const finishedAt = new Date();
  const completed: Attempt[] = [];
  if (link && link.workflowId === workflowId) {
    const madeLink = await db.attempt.findMany({ where: { ...where, startedAt: { lte: link.linkedAt } } });
    for (const attempt of madeLink) {
      completed.push(
        await db.attempt.update({
          where: { id: attempt.id },
          data: { outcome: 'succeeded', finishedAt, reasonType: null, reasonText: null },
        }),
      );
    }
  }
  await db.attempt.updateMany({ where, data: { outcome: 'interrupted', finishedAt, reasonText: 'The worker stopped during this try' } });
  return completed;
}

export async function listAttempts(db: DbOrTx, key: AccountKey): Promise<Attempt[]> {
  return db.attempt.findMany({
    where: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId },
    orderBy: { number: 'asc' },
  });
}

/**
 * Opens an attempt, in one statement on the pool (db/direct.ts; replication opens one per account of a bulk run). A row
 * still "running" for the same execution belongs to a try whose worker died: it is closed as
 * interrupted. The number is the next one for the account; a concurrent insert of the same number
 * (unique index) is retried with the next one.
 */
export async function openAttempt(db: DbOrTx, start: AttemptStart): Promise<{ id: number; number: number }> {
  const { key } = start;
  for (let tries = 0; ; tries += 1) {
    try {
      const rows = await queryRows<{ id: number; number: number }>(
        db,
        Prisma.sql`
        WITH closed AS (
          UPDATE attempts SET outcome = 'interrupted', "finishedAt" = (now() AT TIME ZONE 'UTC'), "reasonText" = 'The worker stopped during this try'
          WHERE "pleskServer" = ${key.pleskServer} AND kind = ${key.kind} AND "pleskId" = ${key.pleskId}
            AND "workflowId" = ${start.workflowId} AND outcome = 'running'
          RETURNING 1
        )
        INSERT INTO attempts ("pleskServer", kind, "pleskId", number, operation, outcome, "workflowId", "runId", "activityAttempt", "startedAt")
        SELECT ${key.pleskServer}, ${key.kind}, ${key.pleskId},
               COALESCE((SELECT MAX(number) FROM attempts WHERE "pleskServer" = ${key.pleskServer} AND kind = ${key.kind} AND "pleskId" = ${key.pleskId}), 0) + 1,
               ${start.operation}, 'running', ${start.workflowId}, ${start.runId}, ${start.activityAttempt}, (now() AT TIME ZONE 'UTC')
        RETURNING id, number`,
      );
      return rows[0]!;
    } catch (error) {
      if (!isUniqueViolation(error) || tries >= 5) throw error;
    }
  }
}

export interface AttemptEnd {
  attemptId: number;
  key: AccountKey;
  outcome: Exclude<AttemptOutcome, 'running'>;
  reasonType?: string;
  reasonText?: string;
  /** Automatic replication: 'block' waits for the data to change, 'unblock' forgets that. */
  waiting?: 'block' | 'unblock';
  /** The log line of the outcome, if it has one. */
  log?: { level: LogLevel; event: LogEvent; message: string; reasonType?: string; workflowId: string; runId: string };
}

/** Closes a try, marks or clears its account's wait for a change, and logs it: one statement, on the pool (db/direct.ts). */
export async function closeAttempt(db: DbOrTx, end: AttemptEnd): Promise<void> {
  const { key, log } = end;
  const touch = end.waiting !== undefined;
  const block = end.waiting === 'block';
  await execute(
    db,
    Prisma.sql`
    WITH closed AS (
      UPDATE attempts SET outcome = ${end.outcome}, "finishedAt" = (now() AT TIME ZONE 'UTC'),
             "reasonType" = ${end.reasonType ?? null}, "reasonText" = ${end.reasonText ?? null}
      WHERE id = ${end.attemptId}
      RETURNING 1
    ), waiting AS (
      UPDATE plesk_accounts SET "blockedHash" = CASE WHEN ${block} THEN "dataHash" ELSE NULL END
      WHERE ${touch} AND "pleskServer" = ${key.pleskServer} AND kind = ${key.kind} AND "pleskId" = ${key.pleskId}
      RETURNING 1
    )
    INSERT INTO log_entries (at, level, event, "pleskServer", kind, "pleskId", message, "reasonType", "workflowId", "runId")
    SELECT (now() AT TIME ZONE 'UTC'), ${log?.level ?? 'info'}, ${log?.event ?? 'replicate'}, ${key.pleskServer}, ${key.kind}, ${key.pleskId},
           ${log?.message ?? ''}, ${log?.reasonType ?? null}, ${log?.workflowId ?? null}, ${log?.runId ?? null}
    WHERE ${log !== undefined}`,
  );
}

/** The last try of an account made by one workflow, and how many tries the account has had in all. */
export async function lastAttemptOf(
  db: DbOrTx,
  key: AccountKey,
  workflowId: string,
): Promise<{ attempt: Attempt; tries: number } | undefined> {
  const attempts = await listAttempts(db, key);
  const attempt = attempts.filter((a) => a.workflowId === workflowId).at(-1);
  return attempt && { attempt, tries: attempts.length };
}

/**
 * Takes back a try that only asked its caller a question (manual replication's template choice,
 * or the manual's "There are no templates…" question): nothing was tried, so it is no attempt,
 * counts nowhere and blocks nothing (issue 11 rule 5).
 */
export async function withdrawAttempt(db: DbOrTx, attemptId: number): Promise<void> {
  await db.attempt.deleteMany({ where: { id: attemptId, outcome: 'running' } });
}

/**
 * Replicate tries of ours since the account's last unlink (a refusal to adopt an earlier link's
 * object does not count): a VoipNow object tagged for such an account may be one that try made,
 * and only then is it adopted (activities/replicate.ts mayAdopt; plans ask it of all at once).
 */
function ourReplicateTries(pleskServer: string, only?: { key: AccountKey; exceptAttemptId: number }): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT t.kind, t."pleskId" FROM attempts t
    LEFT JOIN plesk_accounts p ON p."pleskServer" = t."pleskServer" AND p.kind = t.kind AND p."pleskId" = t."pleskId"
    WHERE t."pleskServer" = ${pleskServer} AND t.operation = 'replicate'
      AND (t."reasonType" IS NULL OR t."reasonType" <> 'taggedFromEarlierLink')
      AND (p."unlinkedAt" IS NULL OR t."startedAt" > p."unlinkedAt")
      ${only ? Prisma.sql`AND t.kind = ${only.key.kind}::"AccountKind" AND t."pleskId" = ${only.key.pleskId} AND t.id <> ${only.exceptAttemptId}` : Prisma.empty}`;
}

/** The accounts of a server with a replicate try of ours since their last unlink. */
export async function accountsWithOurReplicateTries(db: DbOrTx, pleskServer: string): Promise<{ kind: AccountKind; pleskId: string }[]> {
  return db.$queryRaw<{ kind: AccountKind; pleskId: string }[]>(ourReplicateTries(pleskServer));
}

/** Whether the account had a replicate try of ours, other than `exceptAttemptId`, since its last unlink. */
export async function hadOurReplicateTry(db: DbOrTx, key: AccountKey, exceptAttemptId: number): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>(ourReplicateTries(key.pleskServer, { key, exceptAttemptId }));
  return rows.length > 0;
}
