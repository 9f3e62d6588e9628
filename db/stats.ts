/**
 * Planner statistics for the tables discovery and bulk replication query in bulk.
 *
 * PostgreSQL plans joins from the statistics ANALYZE collects. Autovacuum usually keeps them
 * fresh, but it may be switched off (it is on the CI machine), it never runs in the embedded
 * database, and it lags a first scan that writes a whole estate at once. With statistics that
 * still say "empty table", the planner joins 100,000 links to 100,000 accounts by a nested loop
 * over the wrong index: minutes instead of milliseconds (found by the benchmark's 100k discovery).
 * So the queries that join whole tables first refresh what is stale, with autovacuum's own rule.
 */
import type { DbOrTx } from './client';

const TABLES = ['plesk_accounts', 'account_links'] as const;
type Table = (typeof TABLES)[number];

/** Rows changed beyond which a table is re-analysed (autovacuum's default rule). */
const stale = (changed: number, rows: number) => changed > 50 + 0.1 * Math.max(rows, 0);

/**
 * Re-analyses those of the tables whose statistics are stale: never analysed, a row count that
 * moved away from the one the last ANALYZE saw (the embedded database keeps no activity counters,
 * so this is the test that works there), or many rows changed since (PostgreSQL's counters).
 * Costs one count per table when nothing is stale (milliseconds at 100,000 rows).
 */
export async function analyzeIfStale(db: DbOrTx, tables: readonly Table[] = TABLES): Promise<Table[]> {
  const refresh: Table[] = [];
  for (const table of tables) {
    if (!TABLES.includes(table)) continue;
    // The table name comes from the fixed list above, never from input.
    const [row] = await db.$queryRawUnsafe<{ rows: bigint; estimated: number; changed: bigint | null }[]>(
      `SELECT (SELECT COUNT(*) FROM "${table}") AS rows,
              c.reltuples::float8 AS estimated,
              (SELECT n_mod_since_analyze FROM pg_stat_user_tables s WHERE s.relid = c.oid) AS changed
       FROM pg_class c WHERE c.oid = to_regclass($1)`,
      `"${table}"`,
    );
    if (!row) continue;
    const rows = Number(row.rows);
    const neverAnalysed = row.estimated < 0;
    if ((neverAnalysed && rows > 0) || stale(Math.abs(rows - row.estimated), row.estimated) || stale(Number(row.changed ?? 0), rows))
      refresh.push(table);
  }
  if (refresh.length) await db.$executeRawUnsafe(`ANALYZE ${refresh.map((t) => `"${t}"`).join(', ')}`);
  return refresh;
}
