/** Settings repository: one row per Plesk server, secrets sealed with the SecretBox. */
import type { Config } from '../config';
import type { PleskAuth } from '../connectors/plesk';
import type { VoipnowAuth } from '../connectors/voipnow';
import type { SecretBox } from '../crypto/secrets';
import type { DbOrTx } from './client';
import type { Prisma, Settings as SettingsRow } from './generated/client';

/** Settings with secrets opened: the connection (connectors/index.ts Connection) and the product's settings. */
export interface ServerSettings {
  pleskServer: string;
  plesk: { url: string; auth: PleskAuth; tlsVerify: boolean };
  voipnow: { url: string; auth: VoipnowAuth; tlsVerify: boolean; timeoutMs: number; publicKey?: string };
  integrationMethod: 'key' | 'sso';
  allowWithoutSso: boolean;
  soapTag: string;
  /** Appended to every VoipNow login made for this server (several servers with the same logins). */
  loginSuffix: string;
  /** An admin removed the server: nothing runs for it. */
  removed: boolean;
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

/** Template names per level, for automatic and manual replication (first start only). */
export interface SettingsDefaults {
  templates?: { reseller?: string; client?: string; extension?: string };
}

/** The variables that can fill a setting, and the simulators' URLs standing in for unset URLs. */
const ENV_SETTINGS = [
  'PLESK_URL',
  'PLESK_LOGIN',
  'PLESK_PASSWORD',
  'PLESK_KEY',
  'PLESK_TLS_VERIFY',
  'VOIPNOW_URL',
  'VOIPNOW_LOGIN',
  'VOIPNOW_PASSWORD',
  'VOIPNOW_APP_KEY',
  'VOIPNOW_APP_SECRET',
  'VOIPNOW_TLS_VERIFY',
  'VOIPNOW_SOAP_TIMEOUT',
  'SOAP_TAG',
] as const satisfies readonly (keyof Config)[];
type EnvSetting = (typeof ENV_SETTINGS)[number];
const SIM_PLESK_URL = 'simulator PLESK_URL';
const SIM_VOIPNOW_URL = 'simulator VOIPNOW_URL';

/**
 * Creates the settings row of PLESK_SERVER from the configuration (defaults included) on first
 * start. Afterwards the row is the truth (the API edits it, and restarts keep it): a start applies
 * only the variables the environment sets explicitly whose value changed since the last start
 * that applied them (decision 090), and the simulator's URL when it moved; a default never
 * overrides a saved setting. Returns the names of the variables it applied.
 */
export async function ensureSettings(
  db: DbOrTx,
  config: Config,
  box: SecretBox,
  sims: SimulatorUrls = {},
  defaults: SettingsDefaults = {},
): Promise<string[]> {
  const given: Record<string, string> = {};
  for (const name of ENV_SETTINGS) if (config.explicit.has(name) && config[name] !== undefined) given[name] = String(config[name]);
  if (!config.PLESK_URL && sims.pleskUrl) given[SIM_PLESK_URL] = sims.pleskUrl;
  if (!config.VOIPNOW_URL && sims.voipnowUrl) given[SIM_VOIPNOW_URL] = sims.voipnowUrl;

  const row = await db.settings.findUnique({ where: { pleskServer: config.PLESK_SERVER } });
  if (!row) {
    await db.settings.create({ data: { ...firstSettings(config, box, sims, defaults), envAppliedEnc: box.seal(JSON.stringify(given)) } });
    return Object.keys(given);
  }
  const applied = row.envAppliedEnc ? (JSON.parse(box.open(row.envAppliedEnc)) as Record<string, string>) : {};
  const changed = new Set(Object.keys(given).filter((name) => applied[name] !== given[name]));
  if (changed.size === 0) return [];
  const has = (...names: (EnvSetting | typeof SIM_PLESK_URL | typeof SIM_VOIPNOW_URL)[]) => names.some((name) => changed.has(name));
  const data: Prisma.SettingsUpdateInput = { envAppliedEnc: box.seal(JSON.stringify({ ...applied, ...given })) };
  if (has('PLESK_URL', SIM_PLESK_URL)) data.pleskUrl = config.PLESK_URL ?? sims.pleskUrl!;
  if (has('PLESK_KEY')) Object.assign(data, { pleskAuthMethod: 'key', pleskLogin: null, pleskSecretEnc: box.seal(config.PLESK_KEY!) });
  else if (has('PLESK_LOGIN', 'PLESK_PASSWORD')) {
    data.pleskAuthMethod = 'password';
    if (has('PLESK_LOGIN') || row.pleskAuthMethod !== 'password') data.pleskLogin = config.PLESK_LOGIN;
    if (has('PLESK_PASSWORD') || row.pleskAuthMethod !== 'password') data.pleskSecretEnc = box.seal(config.PLESK_PASSWORD);
  }
  if (has('PLESK_TLS_VERIFY')) data.pleskTlsVerify = config.PLESK_TLS_VERIFY;
  if (has('VOIPNOW_URL', SIM_VOIPNOW_URL)) data.voipnowUrl = config.VOIPNOW_URL ?? sims.voipnowUrl!;
  if (has('VOIPNOW_APP_KEY', 'VOIPNOW_APP_SECRET') && config.VOIPNOW_APP_KEY) {
    Object.assign(data, {
      voipnowAuthMethod: 'key',
      voipnowAppKey: config.VOIPNOW_APP_KEY,
      voipnowAppSecretEnc: box.sealOptional(config.VOIPNOW_APP_SECRET),
    });
  } else if (has('VOIPNOW_LOGIN', 'VOIPNOW_PASSWORD')) {
    data.voipnowAuthMethod = 'password';
    if (has('VOIPNOW_LOGIN') || row.voipnowAuthMethod !== 'password') data.voipnowLogin = config.VOIPNOW_LOGIN;
    if (has('VOIPNOW_PASSWORD') || row.voipnowAuthMethod !== 'password') data.voipnowPasswordEnc = box.seal(config.VOIPNOW_PASSWORD);
  }
  if (has('VOIPNOW_TLS_VERIFY')) data.voipnowTlsVerify = config.VOIPNOW_TLS_VERIFY;
  if (has('VOIPNOW_SOAP_TIMEOUT')) data.soapTimeoutSeconds = config.VOIPNOW_SOAP_TIMEOUT;
  if (has('SOAP_TAG')) data.soapTag = config.soapTag;
  await db.settings.update({ where: { pleskServer: config.PLESK_SERVER }, data });
  return [...changed];
}

/** The row of a first start: every setting from the configuration, defaults included. */
function firstSettings(config: Config, box: SecretBox, sims: SimulatorUrls, defaults: SettingsDefaults): Prisma.SettingsCreateInput {
  const pleskUrl = config.PLESK_URL ?? sims.pleskUrl;
  const voipnowUrl = config.VOIPNOW_URL ?? sims.voipnowUrl;
  if (!pleskUrl || !voipnowUrl) throw new Error('ensureSettings needs PLESK_URL and VOIPNOW_URL or running simulators');
  return {
    pleskServer: config.PLESK_SERVER,
    soapTag: config.soapTag,
    soapTimeoutSeconds: config.VOIPNOW_SOAP_TIMEOUT,
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
    autoTemplateReseller: defaults.templates?.reseller ?? null,
    autoTemplateClient: defaults.templates?.client ?? null,
    autoTemplateExtension: defaults.templates?.extension ?? null,
    manualTemplateReseller: defaults.templates?.reseller ?? null,
    manualTemplateClient: defaults.templates?.client ?? null,
    manualTemplateExtension: defaults.templates?.extension ?? null,
  };
}

export async function getServerSettings(db: DbOrTx, box: SecretBox, pleskServer: string): Promise<ServerSettings> {
  const row = await db.settings.findUnique({ where: { pleskServer } });
  if (!row) throw new Error(`No settings for Plesk server "${pleskServer}"`);
  return openSettings(row, box);
}

/** The servers nothing has removed. */
export async function listPleskServers(db: DbOrTx): Promise<string[]> {
  const rows = await db.settings.findMany({ where: { removedAt: null }, select: { pleskServer: true }, orderBy: { pleskServer: 'asc' } });
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
    loginSuffix: row.voipnowLoginSuffix ?? '',
    removed: row.removedAt !== null,
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
