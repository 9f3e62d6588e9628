/**
 * The Plesk servers the engine serves (product spec section 10): each is a settings row, added
 * and removed at run time. A removed server keeps its row, links and history (readable) until an
 * admin purges them; nothing runs for it any more.
 */
import type { Db, DbOrTx } from './client';
import type { Prisma, Settings } from './generated/client';

export interface ServerSummary {
  pleskServer: string;
  pleskUrl: string;
  soapTag: string;
  voipnowUrl: string;
  removedAt: Date | null;
  createdAt: Date;
  linked: number;
}

/** Every registered server, removed ones included (they say so), with how many accounts each has linked. */
export async function listServers(db: DbOrTx): Promise<ServerSummary[]> {
  const [rows, counts] = await Promise.all([
    db.settings.findMany({ orderBy: { createdAt: 'asc' } }),
    db.accountLink.groupBy({ by: ['pleskServer'], _count: { _all: true } }),
  ]);
  const linked = new Map(counts.map((count) => [count.pleskServer, count._count._all]));
  return rows.map((row) => ({
    pleskServer: row.pleskServer,
    pleskUrl: row.pleskUrl,
    soapTag: row.soapTag,
    voipnowUrl: row.voipnowUrl,
    removedAt: row.removedAt,
    createdAt: row.createdAt,
    linked: linked.get(row.pleskServer) ?? 0,
  }));
}

/** The first server registered and still served: a new server copies its VoipNow link when given none. */
export async function firstActiveServer(db: DbOrTx): Promise<Settings | null> {
  return db.settings.findFirst({ where: { removedAt: null }, orderBy: { createdAt: 'asc' } });
}

/** The server that uses a SOAP tag, if any (a tag marks one server's objects in VoipNow). */
export async function serverWithTag(db: DbOrTx, soapTag: string): Promise<string | undefined> {
  return (await db.settings.findUnique({ where: { soapTag }, select: { pleskServer: true } }))?.pleskServer;
}

export async function linkedCount(db: DbOrTx, pleskServer: string): Promise<number> {
  return db.accountLink.count({ where: { pleskServer } });
}

export function createServerRow(db: DbOrTx, data: Prisma.SettingsCreateInput): Promise<Settings> {
  return db.settings.create({ data });
}

/** Marks a server removed; returns false when it was already. */
export async function markServerRemoved(db: DbOrTx, pleskServer: string, at = new Date()): Promise<boolean> {
  const { count } = await db.settings.updateMany({ where: { pleskServer, removedAt: null }, data: { removedAt: at } });
  return count === 1;
}

/**
 * Forgets everything the engine keeps of a removed server: links, attempts, log, discovery's
 * snapshot, plans, template choices, tokens, console sessions and switch tickets, then its
 * settings. Nothing in VoipNow is touched. Refused (false) for a server that is still served.
 */
export async function purgeRemovedServer(db: Db, pleskServer: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.settings.findUnique({ where: { pleskServer }, select: { removedAt: true } });
    if (!row?.removedAt) return false;
    const where = { pleskServer };
    await tx.plan.deleteMany({ where }); // its items go with it (cascade)
    await tx.attempt.deleteMany({ where });
    await tx.accountLink.deleteMany({ where });
    await tx.pleskAccount.deleteMany({ where });
    await tx.templatePreference.deleteMany({ where });
    await tx.logEntry.deleteMany({ where });
    await tx.switchTicket.deleteMany({ where });
    await tx.consoleSession.deleteMany({ where });
    await tx.apiToken.deleteMany({ where });
    await tx.settings.delete({ where });
    return true;
  });
}
