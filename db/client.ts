/** One Prisma client per process, on the pg driver adapter (no Rust engine, nothing downloaded). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;
/** A transaction client or the client itself: repositories accept either. */
export type DbOrTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: options.max ?? 10 }) });
}

export { Prisma } from './generated/client';
