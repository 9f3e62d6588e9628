/** The settings row as the API reads and edits it (the engine reads it through db/settings.ts). */
import type { DbOrTx } from './client';
import type { Prisma, Settings } from './generated/client';

export type SettingsRow = Settings;
export type SettingsChanges = Prisma.SettingsUpdateInput;

export async function findSettingsRow(db: DbOrTx, pleskServer: string): Promise<SettingsRow | null> {
  return db.settings.findUnique({ where: { pleskServer } });
}

/** Each automatic-replication switch and the column that remembers when it was turned on. */
const SWITCHES = [
  ['autoReplicateResellers', 'autoResellersOnAt'],
  ['autoReplicateDomains', 'autoDomainsOnAt'],
  ['autoReplicateMailboxes', 'autoMailboxesOnAt'],
] as const;

export async function updateSettingsRow(db: DbOrTx, pleskServer: string, changes: SettingsChanges): Promise<SettingsRow> {
  return db.settings.update({ where: { pleskServer }, data: { ...changes, ...(await switchedOn(db, pleskServer, changes)) } });
}

/**
 * A level switched on now replicates only accounts first seen from now on: the estate that
 * existed before is an admin's to replicate (docs/decisions/081-newly-added-accounts.md).
 */
async function switchedOn(db: DbOrTx, pleskServer: string, changes: SettingsChanges): Promise<SettingsChanges> {
  const turning = SWITCHES.filter(([flag]) => changes[flag] === true);
  if (turning.length === 0) return {};
  const current = await findSettingsRow(db, pleskServer);
  const now = new Date();
  return Object.fromEntries(turning.filter(([flag]) => current && !current[flag]).map(([, since]) => [since, now]));
}
