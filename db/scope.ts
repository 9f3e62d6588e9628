/**
 * Whose subtree an account lies in, decided on discovery's snapshot (plesk_accounts): a reseller
 * owns its clients and the domains it or they own; a domain owns its mailboxes. Owners are the
 * last ones discovery saw, so an account moved in Plesk changes hands here at the next scan.
 */
import type { AccountKey, AccountKind } from '../domain';
import type { DbOrTx } from './client';
import { Prisma } from './generated/client';
import type { PleskAccount } from './generated/client';

export type { PleskAccount };

/** Reseller → client → domain → mailbox: three steps at most below any account. */
const MAX_DEPTH = 3;

export async function findPleskAccount(db: DbOrTx, key: AccountKey): Promise<PleskAccount | null> {
  return db.pleskAccount.findUnique({
    where: { pleskServer_kind_pleskId: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId } },
  });
}

/**
 * The account and its owners up to the top, nearest first (one indexed lookup per step, in one
 * statement). Empty when discovery has not seen the account.
 */
export async function ownerChain(db: DbOrTx, key: AccountKey): Promise<{ kind: AccountKind; pleskId: string }[]> {
  return db.$queryRaw<{ kind: AccountKind; pleskId: string }[]>`
    WITH RECURSIVE chain AS (
      SELECT kind, "pleskId", "ownerKind", "ownerId", 0 AS depth FROM plesk_accounts
      WHERE "pleskServer" = ${key.pleskServer} AND kind = ${key.kind} AND "pleskId" = ${key.pleskId}
      UNION ALL
      SELECT p.kind, p."pleskId", p."ownerKind", p."ownerId", c.depth + 1
      FROM plesk_accounts p JOIN chain c ON p."pleskServer" = ${key.pleskServer} AND p.kind = c."ownerKind" AND p."pleskId" = c."ownerId"
      WHERE c.depth < ${MAX_DEPTH}
    )
    SELECT kind, "pleskId" FROM chain ORDER BY depth`;
}

/** Whether `key` is `root` or lies below it. */
export async function isWithin(db: DbOrTx, root: AccountKey, key: AccountKey): Promise<boolean> {
  if (root.pleskServer !== key.pleskServer) return false;
  if (root.kind === key.kind && root.pleskId === key.pleskId) return true;
  const chain = await ownerChain(db, key);
  return chain.some((link) => link.kind === root.kind && link.pleskId === root.pleskId);
}

/**
 * A subquery of (kind, "pleskId") rows: the root and every account below it, walking the owner
 * index down (plesk_accounts_pleskServer_ownerKind_ownerId_idx). Vanished accounts are included:
 * their history (log, attempts) still belongs to the owner they had.
 */
export function subtreeSql(root: AccountKey): Prisma.Sql {
  return Prisma.sql`(
    WITH RECURSIVE below AS (
      SELECT ${root.kind}::"AccountKind" AS kind, ${root.pleskId}::text AS "pleskId", 0 AS depth
      UNION ALL
      SELECT p.kind, p."pleskId", b.depth + 1
      FROM plesk_accounts p JOIN below b ON p."pleskServer" = ${root.pleskServer} AND p."ownerKind" = b.kind AND p."ownerId" = b."pleskId"
      WHERE b.depth < ${MAX_DEPTH}
    )
    SELECT kind, "pleskId" FROM below)`;
}
