/**
 * A reseller's or client's own template choice for its domains (VoipNow level "client") and
 * mailboxes (level "extension"); used by the engine when settings.allowCustomerTemplates is on.
 */
import type { AccountKey, VoipnowKind } from '../domain';
import type { DbOrTx } from './client';

export const PREFERENCE_LEVELS = ['client', 'extension'] as const satisfies readonly VoipnowKind[];
export type PreferenceLevel = (typeof PREFERENCE_LEVELS)[number];
const isPreferenceLevel = (level: VoipnowKind): level is PreferenceLevel => level !== 'reseller';
export type TemplatePreferences = Partial<Record<PreferenceLevel, string>>;

const whereAccount = (key: AccountKey) => ({ pleskServer: key.pleskServer, accountKind: key.kind, pleskId: key.pleskId });

export async function getTemplatePreferences(db: DbOrTx, key: AccountKey): Promise<TemplatePreferences> {
  const rows = await db.templatePreference.findMany({ where: whereAccount(key) });
  const preferences: TemplatePreferences = {};
  for (const row of rows) {
    if (isPreferenceLevel(row.level)) preferences[row.level] = row.templateName;
  }
  return preferences;
}

/** Sets (a name) or clears (null) the choice of each level given; levels left out stay as they are. */
export async function setTemplatePreferences(
  db: DbOrTx,
  key: AccountKey,
  changes: Partial<Record<PreferenceLevel, string | null>>,
): Promise<void> {
  for (const level of PREFERENCE_LEVELS) {
    const name = changes[level];
    if (name === undefined) continue;
    const id = { pleskServer_accountKind_pleskId_level: { ...whereAccount(key), level } };
    if (name === null) await db.templatePreference.deleteMany({ where: { ...whereAccount(key), level } });
    else
      await db.templatePreference.upsert({
        where: id,
        create: { ...whereAccount(key), level, templateName: name },
        update: { templateName: name },
      });
  }
}

/**
 * The template the nearest of `owners` (a client, then its reseller) chose for new accounts of
 * `level` below it; undefined when none of them chose one.
 */
export async function nearestPreference(
  db: DbOrTx,
  pleskServer: string,
  level: PreferenceLevel,
  owners: readonly AccountKey[],
): Promise<string | undefined> {
  if (owners.length === 0) return undefined;
  const rows = await db.templatePreference.findMany({
    where: { pleskServer, level, OR: owners.map((o) => ({ accountKind: o.kind, pleskId: o.pleskId })) },
  });
  return owners.map((o) => rows.find((p) => p.accountKind === o.kind && p.pleskId === o.pleskId)).find(Boolean)?.templateName;
}
