/** Settings repository: one row per Plesk server, secrets sealed with the SecretBox. */
import type { Config } from '../config';
import type { PleskAuth } from '../connectors/plesk';
import type { VoipnowAuth } from '../connectors/voipnow';
import type { SecretBox } from '../crypto/secrets';
import type { DbOrTx } from './client';
import type { Settings as SettingsRow } from './generated/client';

/** Settings with secrets opened: the connection (connectors/index.ts Connection) and the product's settings. */
export interface ServerSettings {
  pleskServer: string;
  plesk: { url: string; auth: PleskAuth; tlsVerify: boolean };
  voipnow: { url: string; auth: VoipnowAuth; tlsVerify: boolean; timeoutMs: number; publicKey?: string };
  integrationMethod: 'key' | 'sso';
  allowWithoutSso: boolean;
  soapTag: string;
  autoReplicate: { reseller: boolean; domain: boolean; mailbox: boolean };
  autoTemplates: { reseller?: string; client?: string; extension?: string };
  manualTemplates: { reseller?: string; client?: string; extension?: string };
  allowCustomerTemplates: boolean;
  /** Changes whenever the row changes: connectors are cached by it. */
  version: string;
}

/** Where the running simulators listen, when the config leaves PLESK_URL or VOIPNOW_URL unset. */
export interface SimulatorUrls {
  pleskUrl?: string;
  voipnowUrl?: string;
}

/**
 * Creates the settings row of PLESK_SERVER from the configuration on first start. Afterwards the
 * row is the truth (the API edits it), except the connection of a simulated server, which follows
 * the simulator's port on each start, and connection values given explicitly in the environment.
 */
export interface SettingsDefaults {
  /** Template names per level, for automatic and manual replication (first start only). */
  templates?: { reseller?: string; client?: string; extension?: string };
}

export async function ensureSettings(
  db: DbOrTx,
  config: Config,
  box: SecretBox,
  sims: SimulatorUrls = {},
  defaults: SettingsDefaults = {},
): Promise<void> {
  const pleskUrl = config.PLESK_URL ?? sims.pleskUrl;
  const voipnowUrl = config.VOIPNOW_URL ?? sims.voipnowUrl;
  if (!pleskUrl || !voipnowUrl) throw new Error('ensureSettings needs PLESK_URL and VOIPNOW_URL or running simulators');
  const connection = {
    pleskUrl,
    pleskAuthMethod: config.PLESK_KEY ? 'key' : 'password',
    pleskLogin: config.PLESK_KEY ? null : config.PLESK_LOGIN,
    pleskSecretEnc: box.seal(config.PLESK_KEY ?? config.PLESK_PASSWORD),
    pleskTlsVerify: config.PLESK_TLS_VERIFY,
    voipnowUrl,
    voipnowAuthMethod: config.VOIPNOW_APP_KEY ? 'key' : 'password',
    voipnowLogin: config.VOIPNOW_APP_KEY ? null : config.VOIPNOW_LOGIN,
    voipnowPasswordEnc: config.VOIPNOW_APP_KEY ? null : box.seal(config.VOIPNOW_PASSWORD),
    voipnowAppKey: config.VOIPNOW_APP_KEY ?? null,
    voipnowAppSecretEnc: box.sealOptional(config.VOIPNOW_APP_SECRET),
    voipnowTlsVerify: config.VOIPNOW_TLS_VERIFY,
  };
  await db.settings.upsert({
    where: { pleskServer: config.PLESK_SERVER },
    create: {
      pleskServer: config.PLESK_SERVER,
      soapTag: config.soapTag,
      soapTimeoutSeconds: config.VOIPNOW_SOAP_TIMEOUT,
      ...connection,
      autoTemplateReseller: defaults.templates?.reseller ?? null,
      autoTemplateClient: defaults.templates?.client ?? null,
      autoTemplateExtension: defaults.templates?.extension ?? null,
      manualTemplateReseller: defaults.templates?.reseller ?? null,
      manualTemplateClient: defaults.templates?.client ?? null,
      manualTemplateExtension: defaults.templates?.extension ?? null,
    },
    update: connection,
  });
}

export async function getServerSettings(db: DbOrTx, box: SecretBox, pleskServer: string): Promise<ServerSettings> {
  const row = await db.settings.findUnique({ where: { pleskServer } });
  if (!row) throw new Error(`No settings for Plesk server "${pleskServer}"`);
  return openSettings(row, box);
}

export async function listPleskServers(db: DbOrTx): Promise<string[]> {
  const rows = await db.settings.findMany({ select: { pleskServer: true }, orderBy: { pleskServer: 'asc' } });
  return rows.map((row) => row.pleskServer);
}

export function openSettings(row: SettingsRow, box: SecretBox): ServerSettings {
  const pleskSecret = box.openOptional(row.pleskSecretEnc) ?? '';
  return {
    pleskServer: row.pleskServer,
    plesk: {
      url: row.pleskUrl,
      auth:
        row.pleskAuthMethod === 'key'
          ? { method: 'key', key: pleskSecret }
          : { method: 'password', login: row.pleskLogin ?? '', password: pleskSecret },
      tlsVerify: row.pleskTlsVerify,
    },
    voipnow: {
      url: row.voipnowUrl,
      auth: voipnowAuthOf(row, box),
      tlsVerify: row.voipnowTlsVerify,
      timeoutMs: row.soapTimeoutSeconds * 1000,
      ...(row.voipnowPublicKey ? { publicKey: row.voipnowPublicKey } : {}),
    },
    integrationMethod: row.integrationMethod === 'sso' ? 'sso' : 'key',
    allowWithoutSso: row.allowWithoutSso,
    soapTag: row.soapTag,
    autoReplicate: { reseller: row.autoReplicateResellers, domain: row.autoReplicateDomains, mailbox: row.autoReplicateMailboxes },
    autoTemplates: clean({ reseller: row.autoTemplateReseller, client: row.autoTemplateClient, extension: row.autoTemplateExtension }),
    manualTemplates: clean({
      reseller: row.manualTemplateReseller,
      client: row.manualTemplateClient,
      extension: row.manualTemplateExtension,
    }),
    allowCustomerTemplates: row.allowCustomerTemplates,
    version: row.updatedAt.toISOString(),
  };
}

/** The VoipNow authentication of the settings: password, API encrypted key (cryptedAuth), or app key and secret. */
function voipnowAuthOf(row: SettingsRow, box: SecretBox): VoipnowAuth {
  if (row.voipnowAuthMethod === 'key')
    return { method: 'key', appKey: row.voipnowAppKey ?? '', appSecret: box.openOptional(row.voipnowAppSecretEnc) ?? '' };
  if (row.voipnowAuthMethod === 'encryptedKey')
    return { method: 'encryptedKey', username: row.voipnowLogin ?? '', publicKey: row.voipnowPublicKey ?? '' };
  return { method: 'password', username: row.voipnowLogin ?? '', password: box.openOptional(row.voipnowPasswordEnc) ?? '' };
}

function clean<T extends Record<string, string | null>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as { [K in keyof T]?: string };
}
