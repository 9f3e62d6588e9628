/** The settings row as the API reads and edits it (the engine reads it through db/settings.ts). */
import type { DbOrTx } from './client';
import type { Prisma, Settings } from './generated/client';

export type SettingsRow = Settings;
export type SettingsChanges = Prisma.SettingsUpdateInput;

export async function findSettingsRow(db: DbOrTx, pleskServer: string): Promise<SettingsRow | null> {
  return db.settings.findUnique({ where: { pleskServer } });
}

export async function updateSettingsRow(db: DbOrTx, pleskServer: string, changes: SettingsChanges): Promise<SettingsRow> {
  return db.settings.update({ where: { pleskServer }, data: changes });
}
