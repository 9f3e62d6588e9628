import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/client';
import { analyzeIfStale } from '../../db/stats';
import { findMoved } from '../../db/tree';
import { type Prisma } from '../../db/generated/client';

/**
 * The benchmark's 100k discovery found findMoved taking minutes: with statistics from before a
 * whole estate was written, the planner joined links to accounts by a nested loop over the wrong
 * index. Discovery and bulk paging now refresh stale statistics first (db/stats.ts).
 */
describe('planner statistics before discovery joins whole tables', () => {
  let db: Db;
  const pleskServer = `stats-${randomBytes(4).toString('hex')}`;
  const CLIENTS = 300;
  const DOMAINS = 6000;

  beforeAll(async () => {
    db = createDb(inject('databaseUrl'), { max: 2 });
    // A first scan's worth of accounts and a bulk run's worth of links, written at once.
    const accounts: Prisma.PleskAccountCreateManyInput[] = [];
    const links: Prisma.AccountLinkCreateManyInput[] = [];
    for (let c = 1; c <= CLIENTS; c++) {
      accounts.push({
        pleskServer,
        kind: 'client',
        pleskId: String(c),
        ownerKind: null,
        ownerId: null,
        name: `client ${c}`,
        dataHash: 'h',
      });
      links.push({
        pleskServer,
        kind: 'client',
        pleskId: String(c),
        voipnowKind: 'reseller',
        voipnowId: c,
        origin: 'replicated',
        parentKind: null,
        parentPleskId: null,
      });
    }
    for (let d = 1; d <= DOMAINS; d++) {
      const owner = String((d % CLIENTS) + 1);
      // Every 1000th domain now belongs to another client than the one it was linked under.
      const linkedUnder = d % 1000 === 0 ? String(((d + 1) % CLIENTS) + 1) : owner;
      accounts.push({
        pleskServer,
        kind: 'domain',
        pleskId: String(d),
        ownerKind: 'client',
        ownerId: owner,
        name: `d${d}.example`,
        dataHash: 'h',
      });
      links.push({
        pleskServer,
        kind: 'domain',
        pleskId: String(d),
        voipnowKind: 'client',
        voipnowId: 100000 + d,
        origin: 'replicated',
        parentKind: 'client',
        parentPleskId: linkedUnder,
      });
    }
    await db.pleskAccount.createMany({ data: accounts });
    await db.accountLink.createMany({ data: links });
  });
  afterAll(async () => {
    await db?.accountLink.deleteMany({ where: { pleskServer } });
    await db?.pleskAccount.deleteMany({ where: { pleskServer } });
    await db?.$disconnect();
  });

  it('re-analyses tables with many rows changed since their last ANALYZE, and then plans findMoved without the nested loop over the name index', async () => {
    // Other test files share the database and their discovery runs analyse too: a table may
    // already be fresh by now, but neither may stay stale.
    const refreshed = await analyzeIfStale(db);
    for (const table of refreshed) expect(['account_links', 'plesk_accounts']).toContain(table);
    const analysed = await db.$queryRaw<{ relname: string; n_mod_since_analyze: bigint }[]>`
      SELECT relname, n_mod_since_analyze FROM pg_stat_user_tables WHERE relname IN ('plesk_accounts', 'account_links')`;
    // Both tables are checked (an empty answer would make the loop below prove nothing).
    expect(analysed.map((table) => table.relname).sort()).toEqual(['account_links', 'plesk_accounts']);
    for (const table of analysed) expect(Number(table.n_mod_since_analyze), table.relname).toBeLessThan(DOMAINS);

    const plan = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN SELECT l.kind, l."pleskId" FROM account_links l
       JOIN plesk_accounts a ON a."pleskServer" = l."pleskServer" AND a.kind = l.kind AND a."pleskId" = l."pleskId"
       WHERE l."pleskServer" = $1 AND l.kind IN ('client', 'domain') AND a."vanishedAt" IS NULL
         AND (l."parentKind", l."parentPleskId") IS DISTINCT FROM (a."ownerKind", a."ownerId")`,
      pleskServer,
    );
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).not.toContain('plesk_accounts_pleskServer_kind_name_idx');

    const moved = await findMoved(db, pleskServer, 500);
    expect(moved.map((key) => key.pleskId).sort()).toEqual(['1000', '2000', '3000', '4000', '5000', '6000']);
  });
});
