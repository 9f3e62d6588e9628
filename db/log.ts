/** The replication log: every replicate, link, unlink, move, discovery and vanish event. */
import type { AccountKey } from '../domain';
import type { DbOrTx } from './client';
import type { LogEvent, LogLevel } from './enums';
import type { LogEntry } from './generated/client';

export type { LogEntry, LogEvent, LogLevel };

export interface NewLogEntry {
  level: LogLevel;
  event: LogEvent;
  key?: AccountKey;
  message: string;
  reasonType?: string;
  workflowId?: string;
  runId?: string;
}

export async function addLog(db: DbOrTx, entry: NewLogEntry): Promise<void> {
  await db.logEntry.create({
    data: {
      level: entry.level,
      event: entry.event,
      pleskServer: entry.key?.pleskServer ?? null,
      kind: entry.key?.kind ?? null,
      pleskId: entry.key?.pleskId ?? null,
      message: entry.message,
      reasonType: entry.reasonType ?? null,
      workflowId: entry.workflowId ?? null,
      runId: entry.runId ?? null,
    },
  });
}

export interface LogQuery {
  key?: AccountKey;
  level?: LogLevel;
  since?: Date;
  until?: Date;
  limit?: number;
  beforeId?: number;
}

export async function listLog(db: DbOrTx, query: LogQuery = {}): Promise<LogEntry[]> {
  return db.logEntry.findMany({
    where: {
      ...(query.key ? { pleskServer: query.key.pleskServer, kind: query.key.kind, pleskId: query.key.pleskId } : {}),
      ...(query.level ? { level: query.level } : {}),
      ...(query.since || query.until
        ? { at: { ...(query.since ? { gte: query.since } : {}), ...(query.until ? { lte: query.until } : {}) } }
        : {}),
      ...(query.beforeId ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: Math.min(query.limit ?? 100, 1000),
  });
}
