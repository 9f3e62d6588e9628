/**
 * The listings of the "Clients & Resellers" view and of one account's domains and mailboxes, in
 * SQL: filter, search, sort and page on plesk_accounts first, then join links and last attempts
 * and count domains and mailboxes (all / replicated) only for the rows of the page, each count an
 * index walk (owner index of plesk_accounts, primary key of account_links). The work per page
 * stays the same at 100,000 accounts; only the total count and the state filters touch every
 * candidate row (test/api/listing-scale.test.ts measures it).
 */
import type { AccountKey, AccountKind, VoipnowKind } from '../domain';
import type { AttemptOutcome, LinkOrigin } from './enums';
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
  /** Only accounts of this owner: an account, or 'admin' for the Plesk admin's own. */
  owner?: AccountKey | 'admin';
  /** Only accounts not replicated whose last replication attempt failed with this reason type. */
  reason?: string;
  limit: number;
  offset: number;
}

export interface ListingRow {
  kind: AccountKind;
  pleskId: string;
  /** null: the Plesk admin. */
  ownerKind: AccountKind | null;
  ownerId: string | null;
  name: string;
  login: string | null;
  email: string | null;
  voipnowKind: VoipnowKind | null;
  voipnowId: number | null;
  origin: LinkOrigin | null;
  linkedAt: Date | null;
  attempts: number;
  lastOutcome: AttemptOutcome | null;
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

function ownerCondition(owner: ListingQuery['owner']): Prisma.Sql {
  if (owner === undefined) return Prisma.sql`TRUE`;
  if (owner === 'admin') return Prisma.sql`a."ownerKind" IS NULL`;
  return Prisma.sql`a."ownerKind" = ${owner.kind} AND a."ownerId" = ${owner.pleskId}`;
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

const NOTHING = Prisma.empty;

export async function listAccounts(db: DbOrTx, query: ListingQuery): Promise<{ rows: ListingRow[]; total: number }> {
  const server = query.pleskServer;
  // Links and last attempts are joined before paging only when the state filter needs them;
  // otherwise paging runs on plesk_accounts alone and they are joined for the page's rows.
  const byAttempt = query.state === 'failed' || query.state === 'replicating' || query.reason !== undefined;
  const joins = Prisma.sql`${query.state || query.reason ? LINK : NOTHING} ${byAttempt ? LAST_ATTEMPT : NOTHING}`;
  const where = Prisma.sql`
    a."pleskServer" = ${server} AND a."vanishedAt" IS NULL AND ${whichAccounts(query)}
    AND ${query.scope ? Prisma.sql`(a.kind, a."pleskId") IN ${subtreeSql(query.scope)}` : Prisma.sql`TRUE`}
    AND ${query.search ? Prisma.sql`(a.name ILIKE ${likePattern(query.search)} OR a.login ILIKE ${likePattern(query.search)} OR a.email ILIKE ${likePattern(query.search)})` : Prisma.sql`TRUE`}
    AND ${stateCondition(query.state)}
    AND ${ownerCondition(query.owner)}
    AND ${query.reason ? Prisma.sql`l."voipnowId" IS NULL AND t.outcome = 'failed' AND t."reasonType" = ${query.reason}` : Prisma.sql`TRUE`}`;
  const [counted] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM plesk_accounts a ${joins} WHERE ${where}`;
  const total = counted?.total ?? 0;
  if (total <= query.offset) return { rows: [], total };
  const rows = await db.$queryRaw<Omit<ListingRow, 'total'>[]>`
    WITH page AS (
      SELECT a."pleskServer", a.kind, a."pleskId", a."ownerKind", a."ownerId", a.name, a.login, a.email
      FROM plesk_accounts a ${joins}
      WHERE ${where}
      ORDER BY a.name, a.kind, a."pleskId"
      LIMIT ${query.limit} OFFSET ${query.offset}
    )
    SELECT a.kind, a."pleskId", a."ownerKind", a."ownerId", a.name, a.login, a.email,
      l."voipnowKind", l."voipnowId", l.origin, l."linkedAt",
      t.outcome AS "lastOutcome", t."reasonType" AS "lastReasonType", t."reasonText" AS "lastReason", t."startedAt" AS "lastAttemptAt",
      (SELECT count(*)::int FROM attempts x
        WHERE x."pleskServer" = a."pleskServer" AND x.kind = a.kind AND x."pleskId" = a."pleskId" AND x.operation = 'replicate') AS attempts,
      d."all" AS domains, d.replicated AS "domainsReplicated", m."all" AS mailboxes, m.replicated AS "mailboxesReplicated"
    FROM page a ${LINK} ${LAST_ATTEMPT}
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS "all", count(dl."voipnowId")::int AS replicated
      FROM plesk_accounts dd
      LEFT JOIN account_links dl ON dl."pleskServer" = dd."pleskServer" AND dl.kind = dd.kind AND dl."pleskId" = dd."pleskId"
      WHERE dd."pleskServer" = ${server} AND dd."ownerKind" = a.kind AND dd."ownerId" = a."pleskId" AND dd.kind = 'domain' AND dd."vanishedAt" IS NULL
    ) d ON a.kind IN ('reseller', 'client')
    LEFT JOIN LATERAL (
      -- The account's domains (a domain is its own), then their mailboxes, each through the owner index.
      SELECT count(*)::int AS "all", count(ml."voipnowId")::int AS replicated
      FROM (
        SELECT a."pleskId" AS "domainId" WHERE a.kind = 'domain'
        UNION ALL
        SELECT od."pleskId" FROM plesk_accounts od
        WHERE od."pleskServer" = ${server} AND od."ownerKind" = a.kind AND od."ownerId" = a."pleskId" AND od.kind = 'domain' AND od."vanishedAt" IS NULL
      ) doms
      JOIN plesk_accounts mm ON mm."pleskServer" = ${server} AND mm."ownerKind" = 'domain' AND mm."ownerId" = doms."domainId"
        AND mm.kind = 'mailbox' AND mm."vanishedAt" IS NULL
      LEFT JOIN account_links ml ON ml."pleskServer" = mm."pleskServer" AND ml.kind = mm.kind AND ml."pleskId" = mm."pleskId"
    ) m ON a.kind <> 'mailbox'
    ORDER BY a.name, a.kind, a."pleskId"`;
  return { rows: rows.map((row) => ({ ...row, total })), total };
}

export interface KindSummary {
  kind: AccountKind;
  all: number;
  replicated: number;
  failed: number;
}

/**
 * Per kind: accounts, replicated, failed (for `status` and the top of the view). Hash joins over
 * the whole server, not a lookup per account: about 140 ms at 100,000 accounts, 25 ms for the
 * 11,000 resellers and clients the view shows.
 */
export async function summarize(
  db: DbOrTx,
  pleskServer: string,
  options: { scope?: AccountKey; kinds?: readonly AccountKind[] } = {},
): Promise<KindSummary[]> {
  return db.$queryRaw<KindSummary[]>`
    SELECT a.kind, count(*)::int AS "all", count(l."voipnowId")::int AS replicated,
           (count(*) FILTER (WHERE l."voipnowId" IS NULL AND f.failed))::int AS failed
    FROM plesk_accounts a ${LINK}
    LEFT JOIN (
      SELECT DISTINCT ON (kind, "pleskId") kind, "pleskId", outcome = 'failed' AS failed
      FROM attempts WHERE "pleskServer" = ${pleskServer} AND operation = 'replicate'
      ORDER BY kind, "pleskId", number DESC
    ) f ON f.kind = a.kind AND f."pleskId" = a."pleskId"
    WHERE a."pleskServer" = ${pleskServer} AND a."vanishedAt" IS NULL
      AND ${options.kinds ? Prisma.sql`a.kind IN (${Prisma.join(options.kinds)})` : Prisma.sql`TRUE`}
      AND ${options.scope ? Prisma.sql`(a.kind, a."pleskId") IN ${subtreeSql(options.scope)}` : Prisma.sql`TRUE`}
    GROUP BY a.kind
    ORDER BY array_position(ARRAY['reseller', 'client', 'domain', 'mailbox'], a.kind::text)`;
}
