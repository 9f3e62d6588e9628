/** Account links: the source of truth for "replicated or not". */
import type { AccountKey, AccountKind, VoipnowKind } from '../domain';
import { isUniqueViolation, type DbOrTx } from './client';
import { queryRows } from './direct';
import type { LinkOrigin } from './enums';
import { Prisma, type AccountLink } from './generated/client';

export type { AccountLink };
/** A link as plain data (a workflow carries it to restore it on undo). */
export type LinkRecord = Omit<AccountLink, 'linkedAt' | 'updatedAt'>;

export interface NewLink {
  key: AccountKey;
  voipnowKind: VoipnowKind;
  voipnowId: number;
  voipnowLogin?: string;
  origin: LinkOrigin;
  parent?: { kind: AccountKind; pleskId: string };
  voipnowParentId?: number;
  passwordEnc?: string;
  templateName?: string;
  workflowId?: string;
}

const whereKey = (key: AccountKey) => ({
  pleskServer_kind_pleskId: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId },
});

/** An account_links row as AccountLink (enums as their text). */
const LINK_COLUMNS = Prisma.sql`"pleskServer", kind::text AS kind, "pleskId", "voipnowKind"::text AS "voipnowKind", "voipnowId",
  "voipnowLogin", origin::text AS origin, "parentKind"::text AS "parentKind", "parentPleskId", "voipnowParentId", "passwordEnc",
  "templateName", "workflowId", "linkedAt", "updatedAt"`;

/**
 * The link of an account, or null. Raw SQL on the pool (db/direct.ts): replication asks this
 * twice per account, and a model query costs the worker Prisma's query compilation each time
 * (bench/README.md, issue 16).
 */
export async function findLink(db: DbOrTx, key: AccountKey): Promise<AccountLink | null> {
  const rows = await queryRows<AccountLink>(
    db,
    Prisma.sql`
    SELECT ${LINK_COLUMNS} FROM account_links
    WHERE "pleskServer" = ${key.pleskServer} AND kind = ${key.kind}::"AccountKind" AND "pleskId" = ${key.pleskId}`,
  );
  return rows[0] ?? null;
}

/**
 * Records a link. Idempotent: writing the same link again (a retried activity) changes nothing;
 * a link to a different VoipNow object is an error, never a silent overwrite.
 */
export async function saveLink(db: DbOrTx, link: NewLink, options: { knownAbsent?: boolean } = {}): Promise<AccountLink> {
  // A caller that just found no link (replication's hot path) goes straight to the insert; the
  // unique index still catches a link written in between.
  const existing = options.knownAbsent ? null : await findLink(db, link.key);
  if (existing) return sameOrConflict(existing, link);
  try {
    return await createLink(db, link);
  } catch (error) {
    // Two tries of one account writing at once (a stalled try and its retry): the first insert
    // wins, the second gets the winner's row, as if it had come a moment later.
    const raced = isUniqueViolation(error) ? await findLink(db, link.key) : null;
    if (!raced) throw error;
    return sameOrConflict(raced, link);
  }
}

function sameOrConflict(existing: AccountLink, link: NewLink): AccountLink {
  if (existing.voipnowKind === link.voipnowKind && existing.voipnowId === link.voipnowId) return existing;
  throw new Error(
    `Account ${link.key.kind} ${link.key.pleskId} is already linked to VoipNow ${existing.voipnowKind} ${existing.voipnowId}`,
  );
}

/** One raw statement on the pool, like findLink: replication writes a link per account. */
async function createLink(db: DbOrTx, link: NewLink): Promise<AccountLink> {
  const rows = await queryRows<AccountLink>(
    db,
    Prisma.sql`
    INSERT INTO account_links ("pleskServer", kind, "pleskId", "voipnowKind", "voipnowId", "voipnowLogin", origin, "parentKind",
                               "parentPleskId", "voipnowParentId", "passwordEnc", "templateName", "workflowId", "linkedAt", "updatedAt")
    VALUES (${link.key.pleskServer}, ${link.key.kind}::"AccountKind", ${link.key.pleskId}, ${link.voipnowKind}::"VoipnowKind",
            ${link.voipnowId}, ${link.voipnowLogin ?? null}, ${link.origin}::"LinkOrigin", ${link.parent?.kind ?? null}::"AccountKind",
            ${link.parent?.pleskId ?? null}, ${link.voipnowParentId ?? null}, ${link.passwordEnc ?? null}, ${link.templateName ?? null},
            ${link.workflowId ?? null}, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'))
    RETURNING ${LINK_COLUMNS}`,
  );
  return rows[0]!;
}

export async function deleteLink(db: DbOrTx, key: AccountKey): Promise<AccountLink | null> {
  const existing = await findLink(db, key);
  if (!existing) return null;
  await db.accountLink.delete({ where: whereKey(key) });
  return existing;
}

export async function countLinks(db: DbOrTx, pleskServer: string, kind?: AccountKind): Promise<number> {
  return db.accountLink.count({ where: { pleskServer, ...(kind ? { kind } : {}) } });
}

/** The links of these accounts (of one Plesk server), as far as they are linked. */
export async function linksOf(
  db: DbOrTx,
  pleskServer: string,
  accounts: readonly { kind: AccountKind; pleskId: string }[],
): Promise<AccountLink[]> {
  if (accounts.length === 0) return [];
  return db.accountLink.findMany({ where: { pleskServer, OR: accounts.map((a) => ({ kind: a.kind, pleskId: a.pleskId })) } });
}

/** The links made under an account, and under those, down to the mailboxes: deepest first. */
export async function linksBelow(db: DbOrTx, root: AccountKey): Promise<AccountKey[]> {
  const found: AccountKey[] = [];
  let frontier: { kind: AccountKind; pleskId: string }[] = [{ kind: root.kind, pleskId: root.pleskId }];
  while (frontier.length > 0) {
    const children = await db.accountLink.findMany({
      where: { pleskServer: root.pleskServer, OR: frontier.map((f) => ({ parentKind: f.kind, parentPleskId: f.pleskId })) },
      select: { kind: true, pleskId: true },
    });
    found.push(...children.map((c) => ({ pleskServer: root.pleskServer, ...c })));
    frontier = children;
  }
  return found.reverse();
}

/** Puts a link back exactly as it was (the undo of detaching it), replacing whatever is there now. */
export async function restoreLink(db: DbOrTx, link: LinkRecord): Promise<void> {
  const key = { pleskServer: link.pleskServer, kind: link.kind, pleskId: link.pleskId };
  if (await findLink(db, key)) await deleteLink(db, key);
  await db.accountLink.create({ data: link });
}
