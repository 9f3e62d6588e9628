/**
 * Discovery's snapshot of the Plesk estate (table plesk_accounts): what exists in Plesk, with
 * owner and a hash of the replicated data. A scan compares a fresh read with it and writes only
 * what changed, so a scan that finds nothing new writes nothing.
 */
import type { AccountKind } from '../domain';
import type { DbOrTx } from './client';
import { Prisma } from './generated/client';

export interface SnapshotRow {
  kind: AccountKind;
  pleskId: string;
  /** null: the Plesk admin. */
  ownerKind: AccountKind | null;
  ownerId: string | null;
  name: string;
  login: string | null;
  email: string | null;
  dataHash: string;
}

export interface SnapshotEntry {
  kind: AccountKind;
  pleskId: string;
  ownerKind: AccountKind | null;
  ownerId: string | null;
  dataHash: string;
  vanished: boolean;
}

export interface ScanDiff {
  total: number;
  created: SnapshotRow[];
  changed: SnapshotRow[];
  /** Accounts whose owner differs from the previous scan. */
  moved: SnapshotRow[];
  vanished: { kind: AccountKind; pleskId: string }[];
}

const CHUNK = 1000;
const id = (kind: string, pleskId: string) => `${kind}/${pleskId}`;

/** The snapshot of a Plesk server as the last scans left it: what applyScan compares a fresh read with. */
export function readSnapshot(db: DbOrTx, pleskServer: string): Promise<SnapshotEntry[]> {
  // Raw SQL: the whole estate comes back (100,000 rows), which a model query decodes several times slower.
  return db.$queryRaw<SnapshotEntry[]>`
    SELECT kind::text AS kind, "pleskId", "ownerKind"::text AS "ownerKind", "ownerId", "dataHash", "vanishedAt" IS NOT NULL AS vanished
    FROM plesk_accounts WHERE "pleskServer" = ${pleskServer}`;
}

/**
 * Compares a fresh read of the estate with the snapshot (`existing`, read now when not given:
 * discovery reads it while Plesk is being read) and writes the differences.
 */
export async function applyScan(db: DbOrTx, pleskServer: string, rows: SnapshotRow[], existing?: SnapshotEntry[]): Promise<ScanDiff> {
  const known = new Map<string, SnapshotEntry>();
  for (const row of existing ?? (await readSnapshot(db, pleskServer))) known.set(id(row.kind, row.pleskId), row);

  const diff: ScanDiff = { total: rows.length, created: [], changed: [], moved: [], vanished: [] };
  const seen = new Set<string>();
  for (const row of rows) {
    const rowId = id(row.kind, row.pleskId);
    seen.add(rowId);
    const before = known.get(rowId);
    if (!before) {
      diff.created.push(row);
      continue;
    }
    if (before.dataHash !== row.dataHash || before.vanished) diff.changed.push(row);
    if (before.ownerKind !== row.ownerKind || before.ownerId !== row.ownerId) diff.moved.push(row);
  }
  for (const [rowId, before] of known) {
    if (!seen.has(rowId) && !before.vanished) diff.vanished.push({ kind: before.kind, pleskId: before.pleskId });
  }

  // firstSeenAt from this clock, like the baseline and the switches' times it is compared with.
  const now = new Date();
  for (let i = 0; i < diff.created.length; i += CHUNK) {
    await db.pleskAccount.createMany({
      data: diff.created.slice(i, i + CHUNK).map((row) => ({ pleskServer, ...row, firstSeenAt: now })),
      skipDuplicates: true,
    });
  }
  for (const row of diff.changed) {
    await db.pleskAccount.update({
      where: { pleskServer_kind_pleskId: { pleskServer, kind: row.kind, pleskId: row.pleskId } },
      data: {
        ownerKind: row.ownerKind,
        ownerId: row.ownerId,
        name: row.name,
        login: row.login,
        email: row.email,
        dataHash: row.dataHash,
        changedAt: now,
        vanishedAt: null,
      },
    });
  }
  for (let i = 0; i < diff.vanished.length; i += CHUNK) {
    const chunk = diff.vanished.slice(i, i + CHUNK);
    await db.$executeRaw`
      UPDATE plesk_accounts SET "vanishedAt" = ${now}
      WHERE "pleskServer" = ${pleskServer}
        AND ("kind", "pleskId") IN (${Prisma.join(chunk.map((v) => Prisma.sql`(${v.kind}, ${v.pleskId})`))})`;
  }
  return diff;
}

/** Marks an account as failed with a data error at its current data: automatic replication waits for a change. */
export async function blockAtCurrentData(db: DbOrTx, pleskServer: string, kind: AccountKind, pleskId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE plesk_accounts SET "blockedHash" = "dataHash"
    WHERE "pleskServer" = ${pleskServer} AND "kind" = ${kind} AND "pleskId" = ${pleskId}`;
}

export async function unblock(db: DbOrTx, pleskServer: string, kind: AccountKind, pleskId: string): Promise<void> {
  await db.pleskAccount.updateMany({ where: { pleskServer, kind, pleskId }, data: { blockedHash: null } });
}
