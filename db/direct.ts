/**
 * The replication's hot statements straight on the pg pool that Prisma's adapter also uses,
 * without Prisma's request pipeline: a raw statement through Prisma costs the worker about 230 µs
 * of CPU and through `pg` about 50 µs (measured on this machine, warm), and a replication runs
 * five of them per account (issue 16, bench/README.md). Statements in a transaction (a `tx`
 * client) and clients made elsewhere go through Prisma as before, so callers keep taking any
 * DbOrTx.
 *
 * What Prisma did for these statements, done here: `timestamp` columns (Prisma's DateTime, kept in
 * UTC) read as UTC Dates and Dates written as UTC; a broken or refused connection reported as
 * the database being unreachable (SQLSTATE 08006, which activities/failures.ts retries); a
 * constraint violation keeps its SQLSTATE (isUniqueViolation reads 23505).
 */
import pg from 'pg';
import type { Prisma } from './generated/client';
import type { DbOrTx } from './client';

const pools = new WeakMap<object, pg.Pool>();

/** Lets `db`'s hot statements run on `pool` (db/client.ts, for the clients it makes). */
export function registerPool(db: object, pool: pg.Pool): void {
  pools.set(db, pool);
}

const TIMESTAMP = 1114;
/** `timestamp without time zone` as written by Prisma: UTC wall time. */
const utc = (text: string): Date => new Date(`${text.replace(' ', 'T')}Z`);
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMP && format !== 'binary') return utc;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

const toParameter = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/** The rows of `query`, on the pool when `db` has one, else through Prisma. */
export async function queryRows<T>(db: DbOrTx, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  return pool ? ((await onPool(pool, query)) as T[]) : db.$queryRaw<T[]>(query);
}

/** Runs `query` for its effect, on the pool when `db` has one, else through Prisma. */
export async function execute(db: DbOrTx, query: Prisma.Sql): Promise<void> {
  const pool = pools.get(db);
  await (pool ? onPool(pool, query) : db.$executeRaw(query));
}

async function onPool(pool: pg.Pool, query: Prisma.Sql): Promise<unknown[]> {
  try {
    return (await pool.query({ text: query.text, values: query.values.map(toParameter), types })).rows;
  } catch (error) {
    throw asDatabaseError(error);
  }
}

/** How the driver says a connection could not be made or broke: system errors and its own words. */
const CONNECTION_LOST = /Connection terminated|timeout exceeded when trying to connect|connection error|Connection ended/i;

/**
 * PostgreSQL's own errors keep their SQLSTATE (`code`); a refused connection, a connection that
 * ended mid-statement or a pool that could not connect in time is the database being
 * unreachable, SQLSTATE 08006, with the driver's message; anything else is ours and stays as it is.
 */
function asDatabaseError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const lost = (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || CONNECTION_LOST.test(error.message);
  if (!lost) return error;
  return Object.assign(new Error(`Can't reach the database: ${error.message}`, { cause: error }), { code: '08006' });
}
