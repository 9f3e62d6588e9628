/**
 * Reading the replication log for the API: filtered by account, subtree, level and time, paged by
 * entry ID (newest first), or read forwards from an ID (the CLI's `log --follow`).
 */
import type { AccountKey } from '../domain';
import type { DbOrTx } from './client';
import { Prisma } from './generated/client';
import { LOG_LEVELS } from './enums';
import type { LogEntry, LogEvent, LogLevel } from './log';
import { subtreeSql } from './scope';

export { LOG_LEVELS };

export interface LogViewQuery {
  pleskServer?: string;
  /** Entries of this account only. */
  account?: AccountKey;
  /** Only entries of accounts at or below this one; entries of no account are left out. */
  scope?: AccountKey;
  /** This level and the more severe ones. */
  minLevel?: LogLevel;
  /** Entries with this failure reason (its type) only. */
  reason?: string;
  since?: Date;
  until?: Date;
  /** Older entries than this ID (the next page, newest first). */
  beforeId?: number;
  /** Newer entries than this ID, oldest first (following the log). */
  afterId?: number;
  limit: number;
}

export async function readLog(db: DbOrTx, query: LogViewQuery): Promise<LogEntry[]> {
  const levels = query.minLevel ? LOG_LEVELS.slice(LOG_LEVELS.indexOf(query.minLevel)) : undefined;
  const conditions: Prisma.Sql[] = [];
  if (query.pleskServer) conditions.push(Prisma.sql`e."pleskServer" = ${query.pleskServer}`);
  if (query.account) {
    const a = query.account;
    conditions.push(Prisma.sql`e."pleskServer" = ${a.pleskServer} AND e.kind = ${a.kind} AND e."pleskId" = ${a.pleskId}`);
  }
  if (query.scope) {
    conditions.push(Prisma.sql`e."pleskServer" = ${query.scope.pleskServer} AND (e.kind, e."pleskId") IN ${subtreeSql(query.scope)}`);
  }
  if (levels) conditions.push(Prisma.sql`e.level IN (${Prisma.join(levels)})`);
  if (query.reason) conditions.push(Prisma.sql`e."reasonType" = ${query.reason}`);
  if (query.since) conditions.push(Prisma.sql`e.at >= ${query.since}`);
  if (query.until) conditions.push(Prisma.sql`e.at <= ${query.until}`);
  if (query.beforeId !== undefined) conditions.push(Prisma.sql`e.id < ${query.beforeId}`);
  if (query.afterId !== undefined) conditions.push(Prisma.sql`e.id > ${query.afterId}`);
  const where = conditions.length > 0 ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
  const order = query.afterId !== undefined ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return db.$queryRaw<LogEntry[]>`
    SELECT e.* FROM log_entries e WHERE ${where} ORDER BY e.id ${order} LIMIT ${query.limit}`;
}

/** A log entry about a Plesk server as a whole (a settings change): it has a server but no account. */
export async function addServerLog(
  db: DbOrTx,
  entry: { pleskServer: string; level: LogLevel; event: LogEvent; message: string },
): Promise<void> {
  await db.logEntry.create({ data: { pleskServer: entry.pleskServer, level: entry.level, event: entry.event, message: entry.message } });
}
