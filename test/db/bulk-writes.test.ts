/**
 * A scan's snapshot rows and a plan's items are written a few thousand at a time, one array per
 * column (db/snapshot.ts, db/plans.ts). Every value must arrive as given, whatever it holds
 * (quotes, braces, commas, backslashes, non-ASCII, the word NULL, empty strings and real nulls),
 * on the pool and inside a transaction (where the statements go through Prisma), across a chunk's
 * boundary, and a second scan must change only what changed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db, type DbOrTx } from '../../db/client';
import { allPlanItems, createPlan, findPlan, savePlanItems, type PlanItemRow } from '../../db/plans';
import { applyScan, readSnapshot, type SnapshotRow } from '../../db/snapshot';
import { emptyTotals } from '../../domain/plans';

/** Values a careless array literal would break or turn into something else. */
const AWKWARD = ['O\'Brien "Ltd"', '{braces}, commas', 'back\\slash', 'NULL', '', 'Ünïcødé ☎ 電話', 'tab\tand\nnewline'];

function rowsOf(count: number): SnapshotRow[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: i % 3 === 0 ? 'client' : 'mailbox',
    pleskId: String(i + 1),
    ownerKind: i % 3 === 0 ? null : 'domain',
    ownerId: i % 3 === 0 ? null : String(i % 50),
    name: AWKWARD[i % AWKWARD.length]!,
    login: i % 4 === 0 ? null : `login-${AWKWARD[(i + 1) % AWKWARD.length]}`,
    email: i % 5 === 0 ? null : `user${i}@example.com`,
    dataHash: `hash-${i}`,
  }));
}

async function storedRows(db: DbOrTx, pleskServer: string) {
  return db.pleskAccount.findMany({ where: { pleskServer }, orderBy: [{ kind: 'asc' }, { pleskId: 'asc' }] });
}

const sortRows = (rows: SnapshotRow[]) => [...rows].sort((a, b) => a.kind.localeCompare(b.kind) || a.pleskId.localeCompare(b.pleskId));
const asRow = (r: SnapshotRow): SnapshotRow => ({
  kind: r.kind,
  pleskId: r.pleskId,
  ownerKind: r.ownerKind,
  ownerId: r.ownerId,
  name: r.name,
  login: r.login,
  email: r.email,
  dataHash: r.dataHash,
});

describe('bulk writes of snapshot rows and plan items', () => {
  let db: Db;
  const prefix = `bulk-${randomBytes(4).toString('hex')}`;

  beforeAll(() => {
    db = createDb(inject('databaseUrl'), { max: 2 });
  });
  afterAll(async () => {
    await db.pleskAccount.deleteMany({ where: { pleskServer: { startsWith: prefix } } });
    await db.plan.deleteMany({ where: { pleskServer: { startsWith: prefix } } });
    await db.$disconnect();
  });

  it('a first scan stores every row as read, across a chunk boundary, on the pool', async () => {
    const pleskServer = `${prefix}-pool`;
    const rows = rowsOf(5_003);
    const before = Date.now();
    const diff = await applyScan(db, pleskServer, rows);
    expect(diff.created).toHaveLength(5_003);
    const stored = await storedRows(db, pleskServer);
    expect(stored.map(asRow)).toEqual(sortRows(rows));
    // The time is this clock's, read back as UTC (as Prisma writes a DateTime).
    for (const row of stored) expect(Math.abs(row.firstSeenAt.getTime() - before)).toBeLessThan(60_000);
    expect(stored.every((row) => row.vanishedAt === null && row.unlinkedAt === null && row.blockedHash === null)).toBe(true);
  });

  it('a first scan inside a transaction stores the same rows, and nothing when the transaction is rolled back', async () => {
    const pleskServer = `${prefix}-tx`;
    const rows = rowsOf(60);
    await db.$transaction(async (tx) => {
      await applyScan(tx, pleskServer, rows);
    });
    expect((await storedRows(db, pleskServer)).map(asRow)).toEqual(sortRows(rows));

    const rolledBack = `${prefix}-rollback`;
    await expect(
      db.$transaction(async (tx) => {
        await applyScan(tx, rolledBack, rows);
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    expect(await storedRows(db, rolledBack)).toEqual([]);
  });

  it('a second scan writes the changed, moved and returning rows, and leaves the unchanged ones alone', async () => {
    const pleskServer = `${prefix}-second`;
    const rows = rowsOf(30);
    await applyScan(db, pleskServer, rows);
    // Row 4 vanishes in one scan and is back in the next.
    await applyScan(
      db,
      pleskServer,
      rows.filter((r) => r.pleskId !== '4'),
    );
    const storedBefore = new Map((await storedRows(db, pleskServer)).map((r) => [`${r.kind}/${r.pleskId}`, r]));
    expect(storedBefore.get('client/4')?.vanishedAt).not.toBeNull();

    const next = rows.map((r) => ({ ...r }));
    next[1] = { ...next[1]!, name: 'Renamed {"x"}, \\ NULL', dataHash: 'changed' };
    next[2] = { ...next[2]!, ownerKind: 'client', ownerId: '1', dataHash: 'moved' };
    next[3] = { ...next[3]!, email: null, login: 'back' };
    const diff = await applyScan(db, pleskServer, next);
    expect(diff.changed.map((r) => r.pleskId).sort()).toEqual(['2', '3', '4']);
    expect(diff.moved.map((r) => r.pleskId)).toEqual(['3']);

    const stored = await storedRows(db, pleskServer);
    expect(stored.map(asRow)).toEqual(sortRows(next));
    for (const row of stored) {
      const was = storedBefore.get(`${row.kind}/${row.pleskId}`)!;
      if (['2', '3', '4'].includes(row.pleskId)) {
        expect(row.changedAt.getTime()).toBeGreaterThanOrEqual(was.changedAt.getTime());
        expect(row.vanishedAt).toBeNull();
      } else {
        expect(row.changedAt).toEqual(was.changedAt);
      }
    }
    expect((await readSnapshot(db, pleskServer)).filter((e) => e.vanished)).toEqual([]);
  });

  it('a plan stores every item as computed, across a chunk boundary, and replaces the items of an earlier computation', async () => {
    const pleskServer = `${prefix}-plan`;
    const id = randomUUID();
    await createPlan(db, { id, pleskServer, request: { kind: 'bulk', scope: 'all' }, createdBy: 'test', ownerScope: null });
    const items = (count: number): PlanItemRow[] =>
      Array.from({ length: count }, (_, i) => ({
        seq: i + 1,
        kind: i % 2 ? 'domain' : 'reseller',
        pleskId: String(1000 + i),
        name: AWKWARD[i % AWKWARD.length]!,
        action: i % 3 === 0 ? 'fail' : 'create',
        ...(i % 3 === 0 ? { reasonType: 'voipnowRejected' as const, reasonText: `"${AWKWARD[(i + 2) % AWKWARD.length]}"` } : {}),
        ...(i % 2 ? { template: `Template {${i}}`, contactSource: 'domainAdministrator' as const } : {}),
        ...(i % 5 === 0 ? { detail: 'a, b; {c}', dataHash: `h${i}` } : {}),
      }));
    await savePlanItems(db, id, items(7), emptyTotals());
    const computed = items(5_004);
    await savePlanItems(db, id, computed, emptyTotals());
    expect(await allPlanItems(db, id)).toEqual(computed);
    expect(await findPlan(db, id)).toMatchObject({ state: 'ready' });
  });
});
