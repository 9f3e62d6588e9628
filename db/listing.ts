/**
 * The listings of the "Clients & Resellers" view and of one account's domains and mailboxes, in
 * SQL: filter, search, sort and page first, then count domains and mailboxes (all / replicated)
 * only for the rows of the page, each count an index walk (owner index of plesk_accounts, primary
 * key of account_links). The work per page stays the same at 100,000 accounts; only the total
 * count and the "failed" filter touch every candidate row, through indexes.
 */
import type { AccountKey, AccountKind } from '../domain';
import type { DbOrTx } from './client';
import { Prisma } from './generated/client';
import { subtreeSql } from './scope';

export const REPLICATION_STATES = ['replicated', 'not-replicated', 'failed', 'replicating'] as const;
export type ReplicationState = (typeof REPLICATION_STATES)[number];

export type ListingOf = { view: 'customers' } | { view: 'domains'; owner: AccountKey } | { view: 'mailboxes'; owner: AccountKey };

export interface ListingQuery {
  pleskServer: string;
  of: ListingOf;
  /** Only accounts at or below this one (a reseller's or client's own subtree). */
  scope?: AccountKey;
  state?: ReplicationState;
  /** Text found in name, login or email (case-insensitive). */
  search?: string;
  limit: number;
  offset: number;
}

export interface ListingRow {
  kind: AccountKind;
  pleskId: string;
  ownerKind: string | null;
  ownerId: string | null;
  name: string;
  login: string | null;
  email: string | null;
  voipnowKind: string | null;
  voipnowId: number | null;
  origin: string | null;
  linkedAt: Date | null;
  attempts: number;
  lastOutcome: string | null;
  lastReasonType: string | null;
  lastReason: string | null;
  lastAttemptAt: Date | null;
  domains: number | null;
  domainsReplicated: number | null;
  mailboxes: number | null;
  mailboxesReplicated: number | null;
  total: number;
}

export function stateOf(row: Pick<ListingRow, 'voipnowId' | 'lastOutcome'>): ReplicationState {
  if (row.voipnowId !== null) return 'replicated';
  if (row.lastOutcome === 'failed') return 'failed';
  if (row.lastOutcome === 'running' || row.lastOutcome === 'retrying') return 'replicating';
  return 'not-replicated';
}

/** `%` and `_` typed by a user are letters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whichAccounts(query: ListingQuery): Prisma.Sql {
  const server = query.pleskServer;
  switch (query.of.view) {
    case 'customers':
      return Prisma.sql`a.kind IN ('reseller', 'client')`;
    case 'domains':
      return Prisma.sql`a.kind = 'domain' AND a."ownerKind" = ${query.of.owner.kind} AND a."ownerId" = ${query.of.owner.pleskId}`;
    case 'mailboxes': {
      const owner = query.of.owner;
      if (owner.kind === 'domain') return Prisma.sql`a.kind = 'mailbox' AND a."ownerKind" = 'domain' AND a."ownerId" = ${owner.pleskId}`;
      return Prisma.sql`a.kind = 'mailbox' AND a."ownerKind" = 'domain' AND a."ownerId" IN (
        SELECT d."pleskId" FROM plesk_accounts d
        WHERE d."pleskServer" = ${server} AND d.kind = 'domain' AND d."ownerKind" = ${owner.kind} AND d."ownerId" = ${owner.pleskId} AND d."vanishedAt" IS NULL)`;
    }
  }
}

function stateCondition(state: ReplicationState | undefined): Prisma.Sql {
  switch (state) {
    case undefined:
      return Prisma.sql`TRUE`;
    case 'replicated':
      return Prisma.sql`l."voipnowId" IS NOT NULL`;
    case 'not-replicated':
      return Prisma.sql`l."voipnowId" IS NULL`;
    case 'failed':
      return Prisma.sql`l."voipnowId" IS NULL AND t.outcome = 'failed'`;
    case 'replicating':
      return Prisma.sql`l."voipnowId" IS NULL AND t.outcome IN ('running', 'retrying')`;
  }
}

/** The last replication attempt of account `a` (index attempts_pleskServer_kind_pleskId_number_key, read backwards). */
const LAST_ATTEMPT = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT x.outcome, x."reasonType", x."reasonText", x."startedAt" FROM attempts x
    WHERE x."pleskServer" = a."pleskServer" AND x.kind = a.kind AND x."pleskId" = a."pleskId" AND x.operation = 'replicate'
    ORDER BY x.number DESC LIMIT 1) t ON TRUE`;

const LINK = Prisma.sql`
  LEFT JOIN account_links l ON l."pleskServer" = a."pleskServer" AND l.kind = a.kind AND l."pleskId" = a."pleskId"`;

export async function listAccounts(db: DbOrTx, query: ListingQuery): Promise<{ rows: ListingRow[]; total: number }> {
  const server = query.pleskServer;
  const where = Prisma.sql`
    a."pleskServer" = ${server} AND a."vanishedAt" IS NULL AND ${whichAccounts(query)}
    AND ${query.scope ? Prisma.sql`(a.kind, a."pleskId") IN ${subtreeSql(query.scope)}` : Prisma.sql`TRUE`}
    AND ${query.search ? Prisma.sql`(a.name ILIKE ${likePattern(query.search)} OR a.login ILIKE ${likePattern(query.search)} OR a.email ILIKE ${likePattern(query.search)})` : Prisma.sql`TRUE`}
    AND ${stateCondition(query.state)}`;
  const rows = await db.$queryRaw<ListingRow[]>`
    WITH page AS (
      SELECT a.kind, a."pleskId", a."ownerKind", a."ownerId", a.name, a.login, a.email,
             l."voipnowKind", l."voipnowId", l.origin, l."linkedAt",
             t.outcome AS "lastOutcome", t."reasonType" AS "lastReasonType", t."reasonText" AS "lastReason", t."startedAt" AS "lastAttemptAt",
             (count(*) OVER ())::int AS total
      FROM plesk_accounts a ${LINK} ${LAST_ATTEMPT}
      WHERE ${where}
      ORDER BY a.name, a.kind, a."pleskId"
      LIMIT ${query.limit} OFFSET ${query.offset}
    )
    SELECT page.*,
      (SELECT count(*)::int FROM attempts x
        WHERE x."pleskServer" = ${server} AND x.kind = page.kind AND x."pleskId" = page."pleskId" AND x.operation = 'replicate') AS attempts,
      d."all" AS domains, d.replicated AS "domainsReplicated", m."all" AS mailboxes, m.replicated AS "mailboxesReplicated"
    FROM page
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS "all", count(dl."voipnowId")::int AS replicated
      FROM plesk_accounts dd
      LEFT JOIN account_links dl ON dl."pleskServer" = dd."pleskServer" AND dl.kind = dd.kind AND dl."pleskId" = dd."pleskId"
      WHERE dd."pleskServer" = ${server} AND dd.kind = 'domain' AND dd."ownerKind" = page.kind AND dd."ownerId" = page."pleskId" AND dd."vanishedAt" IS NULL
    ) d ON page.kind IN ('reseller', 'client')
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS "all", count(ml."voipnowId")::int AS replicated
      FROM plesk_accounts mm
      LEFT JOIN account_links ml ON ml."pleskServer" = mm."pleskServer" AND ml.kind = mm.kind AND ml."pleskId" = mm."pleskId"
      WHERE mm."pleskServer" = ${server} AND mm.kind = 'mailbox' AND mm."ownerKind" = 'domain' AND mm."vanishedAt" IS NULL
        AND (CASE WHEN page.kind = 'domain' THEN mm."ownerId" = page."pleskId"
             ELSE mm."ownerId" IN (
               SELECT od."pleskId" FROM plesk_accounts od
               WHERE od."pleskServer" = ${server} AND od.kind = 'domain' AND od."ownerKind" = page.kind AND od."ownerId" = page."pleskId" AND od."vanishedAt" IS NULL)
             END)
    ) m ON page.kind <> 'mailbox'
    ORDER BY page.name, page.kind, page."pleskId"`;
  if (rows.length > 0 || query.offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  // Past the last page the window count is gone with the rows: count on its own.
  const [count] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM plesk_accounts a ${LINK} ${LAST_ATTEMPT} WHERE ${where}`;
  return { rows, total: count?.total ?? 0 };
}

export interface KindSummary {
  kind: AccountKind;
  all: number;
  replicated: number;
  failed: number;
}

/** Per kind: accounts, replicated, failed (for `status` and the top of the view). */
export async function summarize(db: DbOrTx, pleskServer: string, scope?: AccountKey): Promise<KindSummary[]> {
  return db.$queryRaw<KindSummary[]>`
    SELECT a.kind, count(*)::int AS "all", count(l."voipnowId")::int AS replicated,
           (count(*) FILTER (WHERE l."voipnowId" IS NULL AND t.outcome = 'failed'))::int AS failed
    FROM plesk_accounts a ${LINK} ${LAST_ATTEMPT}
    WHERE a."pleskServer" = ${pleskServer} AND a."vanishedAt" IS NULL
      AND ${scope ? Prisma.sql`(a.kind, a."pleskId") IN ${subtreeSql(scope)}` : Prisma.sql`TRUE`}
    GROUP BY a.kind
    ORDER BY array_position(ARRAY['reseller', 'client', 'domain', 'mailbox'], a.kind)`;
}
