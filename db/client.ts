/** One Prisma client per process, on the pg driver adapter (no Rust engine, nothing downloaded). */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { registerPool } from './direct';
import { Prisma, PrismaClient } from './generated/client';

export type Db = PrismaClient;
/** A transaction client or the client itself: repositories accept either. */
export type DbOrTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** The client and, under it, the pool its adapter uses; the hot statements use the pool directly (db/direct.ts). */
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  // No JIT compilation of our statements (decision 106): on a 96,800-account estate PostgreSQL
  // compiled discovery's estate-wide count with LLVM for about a second, to save milliseconds of
  // execution. An `options` parameter in the connection string replaces this one.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, options: '-c jit=off' });
  // An idle connection that breaks (PostgreSQL restarted) is dropped by the pool; the next
  // statement connects again. Without a listener the pool's 'error' event would end the process.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  registerPool(db, pool);
  return db;
}

export { Prisma } from './generated/client';

/** Unique-index violations, as Prisma reports them for model queries (P2002) and raw ones (P2010 with SQLSTATE 23505), and as pg does (23505). */
export function isUniqueViolation(error: unknown): boolean {
  // The pg driver's own error, from the hot statements (db/direct.ts).
  if (error instanceof pg.DatabaseError) return error.code === '23505';
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === 'P2002' || (error.code === 'P2010' && /23505|unique/i.test(JSON.stringify(error.meta ?? {}) + error.message));
}

/** Whether the database answers a trivial query (the API's health check). */
export async function databaseAnswers(db: DbOrTx): Promise<boolean> {
  return db.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
}
