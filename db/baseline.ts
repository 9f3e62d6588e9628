/**
 * The baseline of a Plesk server: when its first scan recorded the estate that existed. Automatic
 * replication only ever takes accounts first seen after it (product.md 3; decision 081).
 */
import type { AccountKind } from '../domain';
import type { DbOrTx } from './client';

/** Sets the baseline if the server has none yet; true when this call set it (the first scan). */
export async function recordBaseline(db: DbOrTx, pleskServer: string, at: Date): Promise<boolean> {
  const { count } = await db.settings.updateMany({ where: { pleskServer, baselineAt: null }, data: { baselineAt: at } });
  return count > 0;
}

/** Marks accounts as unlinked by an admin: no automatic run replicates or adopts them again. */
export async function markUnlinked(
  db: DbOrTx,
  pleskServer: string,
  accounts: readonly { kind: AccountKind; pleskId: string }[],
  by: string,
  at: Date,
): Promise<void> {
  for (const { kind, pleskId } of accounts) {
    await db.pleskAccount.updateMany({ where: { pleskServer, kind, pleskId }, data: { unlinkedAt: at, unlinkedBy: by } });
  }
}

/** An explicit replicate or link by someone allowed brings the account back. */
export async function clearUnlinked(db: DbOrTx, pleskServer: string, kind: AccountKind, pleskId: string): Promise<void> {
  await db.pleskAccount.updateMany({
    where: { pleskServer, kind, pleskId, unlinkedAt: { not: null } },
    data: { unlinkedAt: null, unlinkedBy: null },
  });
}

/** When and by whom the account was unlinked, if it was and was not brought back since. */
export async function unlinkedState(
  db: DbOrTx,
  pleskServer: string,
  kind: AccountKind,
  pleskId: string,
): Promise<{ unlinkedAt: Date; unlinkedBy: string | null } | null> {
  const row = await db.pleskAccount.findUnique({
    where: { pleskServer_kind_pleskId: { pleskServer, kind, pleskId } },
    select: { unlinkedAt: true, unlinkedBy: true },
  });
  return row?.unlinkedAt ? { unlinkedAt: row.unlinkedAt, unlinkedBy: row.unlinkedBy } : null;
}
