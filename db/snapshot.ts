/**
 * Discovery's snapshot of the Plesk estate (table plesk_accounts): what exists in Plesk, with
 * owner and a hash of the replicated data. A scan compares a fresh read with it and writes only
 * what changed, so a scan that finds nothing new writes nothing.
 */
import type { AccountKind } from '../domain';
import type { DbOrTx } from './client';
import { execute, queryRows } from './direct';
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
/**
 * Rows per statement when a scan writes new or changed accounts: each statement carries one array
 * per column (unnest), so its size does not depend on the number of rows. Through Prisma's
 * createMany, a first scan of 29,040 accounts took 10 s of the worker's CPU and grew its heap by
 * 480 MB (bench/README.md).
 */
const WRITE_CHUNK = 5000;
const id = (kind: string, pleskId: string) => `${kind}/${pleskId}`;

/** The snapshot of a Plesk server as the last scans left it: what applyScan compares a fresh read with. */
export function readSnapshot(db: DbOrTx, pleskServer: string): Promise<SnapshotEntry[]> {
  // Raw SQL on the pool: the whole estate comes back (100,000 rows), which a model query decodes
  // several times slower, and Prisma's raw pipeline about twice as slow as pg (measured at 29,040
  // rows: 60-100 against 100-150 ms of CPU).
  return queryRows<SnapshotEntry>(
    db,
    Prisma.sql`
      SELECT kind::text AS kind, "pleskId", "ownerKind"::text AS "ownerKind", "ownerId", "dataHash", "vanishedAt" IS NOT NULL AS vanished
      FROM plesk_accounts WHERE "pleskServer" = ${pleskServer}`,
  );
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
  for (let i = 0; i < diff.created.length; i += WRITE_CHUNK) await insertRows(db, pleskServer, diff.created.slice(i, i + WRITE_CHUNK), now);
  for (let i = 0; i < diff.changed.length; i += WRITE_CHUNK) await updateRows(db, pleskServer, diff.changed.slice(i, i + WRITE_CHUNK), now);
  for (let i = 0; i < diff.vanished.length; i += CHUNK) {
    const chunk = diff.vanished.slice(i, i + CHUNK);
    await db.$executeRaw`
      UPDATE plesk_accounts SET "vanishedAt" = ${now}
      WHERE "pleskServer" = ${pleskServer}
        AND ("kind", "pleskId") IN (${Prisma.join(chunk.map((v) => Prisma.sql`(${v.kind}, ${v.pleskId})`))})`;
  }
  return diff;
}

/** The rows as a table `r` for a statement: one array parameter per column, read back with unnest. */
function rowsTable(rows: readonly SnapshotRow[]): Prisma.Sql {
  const column = <T>(pick: (row: SnapshotRow) => T) => rows.map(pick);
  return Prisma.sql`unnest(${column((r) => r.kind)}::text[], ${column((r) => r.pleskId)}::text[], ${column((r) => r.ownerKind)}::text[],
                  ${column((r) => r.ownerId)}::text[], ${column((r) => r.name)}::text[], ${column((r) => r.login)}::text[],
                  ${column((r) => r.email)}::text[], ${column((r) => r.dataHash)}::text[])
        AS r(kind, "pleskId", "ownerKind", "ownerId", name, login, email, "dataHash")`;
}

/** New accounts; one already there (a scan of the same server at the same time) is left as it is. */
function insertRows(db: DbOrTx, pleskServer: string, rows: readonly SnapshotRow[], now: Date): Promise<void> {
  return execute(
    db,
    Prisma.sql`
      INSERT INTO plesk_accounts ("pleskServer", kind, "pleskId", "ownerKind", "ownerId", name, login, email, "dataHash", "firstSeenAt")
      SELECT ${pleskServer}, r.kind::"AccountKind", r."pleskId", r."ownerKind"::"AccountKind", r."ownerId", r.name, r.login, r.email, r."dataHash", ${now}::timestamp(3)
      FROM ${rowsTable(rows)}
      ON CONFLICT DO NOTHING`,
  );
}

/** Accounts whose data or owner changed, or that came back after vanishing. */
function updateRows(db: DbOrTx, pleskServer: string, rows: readonly SnapshotRow[], now: Date): Promise<void> {
  return execute(
    db,
    Prisma.sql`
      UPDATE plesk_accounts AS a
      SET "ownerKind" = r."ownerKind"::"AccountKind", "ownerId" = r."ownerId", name = r.name, login = r.login, email = r.email,
          "dataHash" = r."dataHash", "changedAt" = ${now}::timestamp(3), "vanishedAt" = NULL
      FROM ${rowsTable(rows)}
      WHERE a."pleskServer" = ${pleskServer} AND a.kind = r.kind::"AccountKind" AND a."pleskId" = r."pleskId"`,
  );
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
