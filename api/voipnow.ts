/**
 * The few VoipNow calls the API makes itself (the engine's activities make all the others): the
 * settings check, template lists, and verifying a stored password before switching panels.
 */
import { createVoipnowClient, type VoipnowAuth, type VoipnowClient, type VoipnowTemplate } from '../connectors/voipnow';
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { findLink } from '../db/links';
import { findPleskAccount } from '../db/scope';
import { getServerSettings, type ServerSettings } from '../db/settings';
import { TEMPLATE_LEVEL, VOIPNOW_KIND_OF, isAccountKind, parseMailboxPleskId, type AccountKey, type VoipnowKind } from '../domain';

export async function withVoipnow<T>(settings: ServerSettings, use: (client: VoipnowClient) => Promise<T>, auth: VoipnowAuth = settings.voipnow.auth): Promise<T> {
  const client = await createVoipnowClient({ url: settings.voipnow.url, auth, timeoutMs: settings.voipnow.timeoutMs, tlsVerify: settings.voipnow.tlsVerify });
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

/**
 * Templates of one level that accounts created under the given VoipNow accounts may use: theirs,
 * nearest first, then the admin's (VoipNow lets an account use its ancestors' templates; the
 * engine chooses from the same list, activities/replicate.ts).
 */
export async function templatesUnder(client: VoipnowClient, kind: VoipnowKind, ownerIds: readonly number[]): Promise<VoipnowTemplate[]> {
  const userLevel = TEMPLATE_LEVEL[kind];
  const lists = await Promise.all([...ownerIds.map((userId) => client.getTemplates({ userLevel, userId })), client.getTemplates({ userLevel })]);
  const seen = new Set<number>();
  return lists.flat().filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)));
}

/**
 * The templates a manual replication of `key` can choose from: those of its level in its VoipNow
 * parent (the VoipNow account its Plesk parent is linked to; the admin for resellers and clients)
 * and above. Empty when the parent is not linked yet.
 */
export async function templatesForReplication(db: Db, box: SecretBox, key: AccountKey): Promise<{ id: number; name: string }[]> {
  const kind = VOIPNOW_KIND_OF[key.kind];
  const owners: number[] = [];
  if (key.kind === 'domain' || key.kind === 'mailbox') {
    const parentKey = await parentOf(db, key);
    const parentLink = parentKey && (await findLink(db, parentKey));
    if (parentKey && !parentLink) return [];
    if (parentLink) owners.push(parentLink.voipnowId, ...(parentLink.voipnowParentId !== null ? [parentLink.voipnowParentId] : []));
  }
  const settings = await getServerSettings(db, box, key.pleskServer);
  const templates = await withVoipnow(settings, (client) => templatesUnder(client, kind, owners));
  return templates.map((t) => ({ id: t.id, name: t.name }));
}

/** The Plesk parent of a domain (its owner, from the snapshot) or a mailbox (its domain); undefined for the Plesk admin. */
async function parentOf(db: Db, key: AccountKey): Promise<AccountKey | undefined> {
  if (key.kind === 'mailbox') return { pleskServer: key.pleskServer, kind: 'domain', pleskId: parseMailboxPleskId(key.pleskId).domainId };
  const row = await findPleskAccount(db, key);
  if (!row?.ownerKind || !row.ownerId || !isAccountKind(row.ownerKind)) return undefined;
  return { pleskServer: key.pleskServer, kind: row.ownerKind, pleskId: row.ownerId };
}
