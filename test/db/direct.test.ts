/**
 * The replication's hot statements run on the pg pool under Prisma (db/direct.ts). They must read
 * and fail as they did through Prisma: timestamps as UTC whatever the process's time zone, a
 * unique-index violation recognised, a database out of reach retried as "database unavailable",
 * and inside a transaction they stay in the transaction.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toSyncError } from '../../activities/failures';
import { closeAttempt, openAttempt } from '../../db/attempts';
import { createDb, isUniqueViolation, type Db } from '../../db/client';
import { findLink, saveLink, type NewLink } from '../../db/links';
import { freePort } from '../support/ports';

describe('hot statements on the pool', () => {
  let db: Db;
  const pleskServer = `direct-${randomBytes(4).toString('hex')}`;
  const key = (pleskId: string) => ({ pleskServer, kind: 'client' as const, pleskId });
  const link = (pleskId: string, voipnowId: number): NewLink => ({
    key: key(pleskId),
    voipnowKind: 'client',
    voipnowId,
    voipnowLogin: `c${pleskId}`,
    origin: 'replicated',
    parent: { kind: 'reseller', pleskId: '1' },
    workflowId: `wf-${pleskId}`,
  });

  beforeAll(() => {
    db = createDb(inject('databaseUrl'), { max: 2 });
  });
  afterAll(async () => {
    await db.accountLink.deleteMany({ where: { pleskServer } });
    await db.attempt.deleteMany({ where: { pleskServer } });
    await db.logEntry.deleteMany({ where: { pleskServer } });
    await db.$disconnect();
  });

  it('reads a link as Prisma does, timestamps in UTC, in a process far from UTC', async () => {
    await saveLink(db, link('1', 501), { knownAbsent: true });
    const zone = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: a local reading would be 14 hours off
    try {
      const direct = await findLink(db, key('1'));
      const viaPrisma = await db.accountLink.findUnique({
        where: { pleskServer_kind_pleskId: { pleskServer, kind: 'client', pleskId: '1' } },
      });
      expect(direct).toEqual(viaPrisma);
      expect(Math.abs(direct!.linkedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('a second link for the same account is a unique violation the caller recognises, and saveLink keeps the first', async () => {
    await saveLink(db, link('2', 502), { knownAbsent: true });
    await expect(saveLink(db, link('2', 502), { knownAbsent: true })).resolves.toMatchObject({ voipnowId: 502 });
    await expect(saveLink(db, link('2', 999), { knownAbsent: true })).rejects.toThrow(/already linked to VoipNow client 502/);
  });

  it('opens and closes attempts, numbering them per account, with the log line in the same statement', async () => {
    const start = { key: key('3'), operation: 'replicate' as const, workflowId: 'wf-3', runId: 'run-1', activityAttempt: 1 };
    const first = await openAttempt(db, start);
    await closeAttempt(db, {
      attemptId: first.id,
      key: key('3'),
      outcome: 'failed',
      reasonType: 'voipnowUnavailable',
      reasonText: 'VoipNow server is unavailable',
      waiting: 'block',
      log: { level: 'error', event: 'replicate', message: 'try 1 failed', workflowId: 'wf-3', runId: 'run-1' },
    });
    const second = await openAttempt(db, { ...start, runId: 'run-2' });
    expect([first.number, second.number]).toEqual([1, 2]);
    const rows = await db.attempt.findMany({ where: { pleskServer }, orderBy: { number: 'asc' } });
    expect(rows.map((r) => [r.number, r.outcome, r.reasonType])).toEqual([
      [1, 'failed', 'voipnowUnavailable'],
      [2, 'running', null],
    ]);
    expect(rows[0]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(rows[0]!.startedAt.getTime());
    expect(await db.logEntry.findMany({ where: { pleskServer }, select: { message: true, level: true } })).toEqual([
      { message: 'try 1 failed', level: 'error' },
    ]);
  });

  it('inside a transaction the statements are the transaction’s', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await saveLink(tx, link('4', 504), { knownAbsent: true });
        expect(await findLink(tx, key('4'))).toMatchObject({ voipnowId: 504 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await findLink(db, key('4'))).toBeNull();
  });

  it('a database out of reach is "database unavailable" (retried), not an internal error', async () => {
    const gone = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/postgres`, { max: 1 });
    try {
      const error = await findLink(gone, key('1')).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeDefined();
      expect(isUniqueViolation(error)).toBe(false);
      expect(toSyncError(error)).toMatchObject({ reason: 'databaseUnavailable' });
    } finally {
      await gone.$disconnect();
    }
  });

  it('statements run without JIT compilation, on the pool and through Prisma (decision 106)', async () => {
    const viaPrisma = await db.$queryRaw<{ jit: string }[]>`SHOW jit`;
    expect(viaPrisma[0]?.jit).toBe('off');
    // Every connection of the pool, not only the first: hold two at once.
    const both = await Promise.all([
      db.$queryRaw<{ jit: string }[]>`SELECT current_setting('jit') AS jit, pg_sleep(0.05)::text AS slept`,
      db.$queryRaw<{ jit: string }[]>`SELECT current_setting('jit') AS jit, pg_sleep(0.05)::text AS slept`,
    ]);
    expect(both.map((rows) => rows[0]?.jit)).toEqual(['off', 'off']);
  });
});
