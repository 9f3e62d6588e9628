import type { VoipnowKind } from '../../domain/accounts';
import { TEMPLATE_LEVEL } from '../../domain/accounts';
import { SyncError, isSyncError } from '../../domain/errors';
import type { NewVoipnowAccount, VoipnowAccount } from '../../domain/records';
import type { TemplateOption } from '../../domain/templates';
import {
  MODULE_OF,
  NAME_OF,
  NO_SUCH_USER,
  clientInfo,
  defined,
  isFault,
  listCall,
  listRows,
  many,
  num,
  readServerBrief,
  str,
} from './soap-values';
import { cryptedAuth } from './crypted-auth';
import { requestSsoLogin } from './sso';
import { SoapTransport, type SoapResult } from './transport';
import type { Region, VoipnowClient, VoipnowClientOptions } from './types';

/**
 * The VoipNow connector: the kind-generic operations the product needs, on the 2.5.1 SystemAPI.
 * Requests are built in XSD sequence order (ClientInfo first, then the message's own fields);
 * answers are read into the domain's VoipNow account record.
 */

/** Templates change rarely and every account of a parent asks for them: keep them a minute. */
const TEMPLATE_TTL_MS = 60_000;

/**
 * Set<X>PLRequest bodies that turn every permission off and set every limit to 0, in the XSD
 * sequence order of ClientPLInfo, ResellerPLInfo (ClientPLInfo's fields, then its own) and
 * ExtensionPLInfo. A limit carries unlimited="false": common:unlimitedUInt's attribute defaults
 * to true, so a bare 0 would mean "no limit". A phone terminal gets only the limits that apply
 * to its type (VoipNow ignores the queue, calling card and callback ones with a notice).
 */
const OFF = false;
const ZERO = { attributes: { unlimited: false }, $value: 0 };
const CLIENT_PL = {
  ...Object.fromEntries(
    [
      'permsManag',
      'extensionManag',
      'extFeatureManag',
      'sipManag',
      'IMManag',
      'chargingPlanManag',
      'soundManag',
      'numberManag',
      'callAPIManag',
      'callerIDManag',
    ].map((name) => [name, OFF]),
  ),
  MyVoipNowManag: 'none',
  ProvisionManag: 0,
  ...Object.fromEntries(
    [
      'phoneExtMax',
      'queueExtMax',
      'ivrExtMax',
      'voicemailExtMax',
      'queuecenterExtMax',
      'confExtMax',
      'callbackExtMax',
      'callbackCallerIDMax',
      'callCardExtMax',
      'callCardCodesMax',
      'intercomExtMax',
      'concurentCalls',
      'concurentInternalCalls',
      'queueMembersMax',
      'concurentText2Speech',
      'mailboxMax',
      'mailboxSize',
      'recordStorage',
      'soundStorage',
      'mohStorage',
      'faxStorage',
    ].map((name) => [name, ZERO]),
  ),
};
const NO_PERMISSIONS_OR_LIMITS: Readonly<Record<VoipnowKind, Record<string, unknown>>> = {
  client: CLIENT_PL,
  reseller: { ...CLIENT_PL, clientManag: OFF, advertisingManag: OFF, stackedManag: OFF, clientMax: ZERO },
  extension: {
    soundManag: OFF,
    sipManag: OFF,
    multiUser: OFF,
    callAPIManag: OFF,
    callerIDManag: OFF,
    ProvisionManag: 0,
    IMManag: OFF,
    soundStorage: ZERO,
    mohStorage: ZERO,
    concurentCalls: ZERO,
    concurentInternalCalls: ZERO,
    concurentText2Speech: ZERO,
    level: 'none',
    advertising: OFF,
    browserChat: OFF,
  },
};

function toAccount(kind: VoipnowKind, r: SoapResult): VoipnowAccount {
  const parentId = num(r.parentID);
  const tag = str(r.serverID);
  return { kind, id: num(r.ID) ?? 0, login: str(r.login) ?? '', ...(parentId !== undefined ? { parentId } : {}), ...(tag ? { tag } : {}) };
}

class SoapVoipnowClient implements VoipnowClient {
  private readonly templateCache = new Map<string, { at: number; templates: TemplateOption[] }>();
  /** Template lists being read now, by cache key. */
  private readonly templateReads = new Map<string, Promise<TemplateOption[]>>();
  /** Regions per country: asked once per connector (settings version), i.e. once per run at most. */
  private readonly regionCache = new Map<string, Promise<Region[]>>();

  constructor(
    private readonly soap: SoapTransport,
    private readonly options: VoipnowClientOptions,
  ) {}

  async ping() {
    return readServerBrief(await this.soap.call('PBX', 'Ping', 'ping'));
  }

  async get(kind: VoipnowKind, id: number): Promise<VoipnowAccount | null> {
    try {
      return toAccount(kind, await this.soap.call(MODULE_OF[kind], `Get${NAME_OF[kind]}Details`, { ID: id }));
    } catch (error) {
      if (isFault(error, NO_SUCH_USER)) return null;
      throw error;
    }
  }

  async findByTag(kind: VoipnowKind, tag: string): Promise<VoipnowAccount | null> {
    const tagged = (await listRows(this.soap, kind, { serverID: tag })).map((row) => num(row.ID) ?? 0);
    return tagged.length ? this.get(kind, Math.min(...tagged)) : null;
  }

  async findByLogin(kind: VoipnowKind, login: string): Promise<VoipnowAccount | null> {
    const wanted = login.toLowerCase();
    const match = (await listRows(this.soap, kind, { filter: login })).find((row) => str(row.login)?.toLowerCase() === wanted);
    return match ? this.get(kind, num(match.ID) ?? 0) : null;
  }

  async create(kind: VoipnowKind, account: NewVoipnowAccount): Promise<VoipnowAccount> {
    const { tag, parentId, templateId, ...data } = account;
    if (kind === 'extension' && parentId === undefined) throw new SyncError('invalidParent');
    const info = clientInfo({ ...data, serverID: tag });
    // Only phone terminals are replicated; a domain of the Plesk admin names no parent (the caller owns it).
    const own =
      kind === 'extension'
        ? { templateID: templateId, extensionType: 'term', parentID: parentId }
        : { templateID: templateId, parentID: parentId };
    return toAccount(kind, await this.soap.call(MODULE_OF[kind], `Add${NAME_OF[kind]}`, defined({ ...info, ...own }), [data.password]));
  }

  async setPassword(kind: VoipnowKind, id: number, password: string): Promise<void> {
    await this.soap.call(MODULE_OF[kind], `Edit${NAME_OF[kind]}`, defined({ ...clientInfo({ password }), ID: id }), [password]);
  }

  async clearPermissionsAndLimits(kind: VoipnowKind, id: number): Promise<void> {
    const pl = NO_PERMISSIONS_OR_LIMITS[kind];
    const args = kind === 'extension' ? { ID: id, ...pl } : { ...pl, ID: id };
    await this.soap.call(MODULE_OF[kind], `Set${NAME_OF[kind]}PL`, args);
  }

  async list(kind: VoipnowKind): Promise<{ id: number; login: string }[]> {
    return (await listRows(this.soap, kind, {})).map((row) => ({ id: num(row.ID) ?? 0, login: str(row.login) ?? '' }));
  }

  async interfaceLanguages(): Promise<string[]> {
    // The default pack's code carries "(-1)" (en(-1)).
    const r = await this.soap.call('PBX', 'GetInterfaceLang', 'interfaceLang');
    return many(r.interfaceLang)
      .map((lang) => (str(lang.code) ?? '').replace(/\(-?\d+\)$/, '').trim())
      .filter(Boolean);
  }

  async moveClients(clientIds: number[], resellerId: number): Promise<void> {
    if (clientIds.length === 0) return;
    await this.soap.call('Client', 'MoveClients', { resellerID: resellerId, ID: clientIds });
  }

  async acceptsLogin(login: string, password: string): Promise<boolean> {
    // Our transport carries our credentials; the user's get a PBX-only transport of their own.
    const asUser = await SoapTransport.open({ ...this.options, auth: { method: 'password', username: login, password } }, ['PBX']);
    try {
      await asUser.call('PBX', 'Ping', 'ping');
      return true;
    } catch (error) {
      if (isSyncError(error) && (error.reason === 'authFailed' || error.reason === 'tooManyLogins')) return false;
      throw error;
    } finally {
      asUser.close();
    }
  }

  async keyLogin(login: string): Promise<string | undefined> {
    const publicKey = this.options.publicKey ?? (this.options.auth.method === 'encryptedKey' ? this.options.auth.publicKey : undefined);
    if (!publicKey) return undefined;
    const auth = { method: 'encryptedKey', username: login, publicKey } as const;
    let asUser: SoapTransport;
    try {
      asUser = await SoapTransport.open({ ...this.options, auth }, ['PBX']);
    } catch (error) {
      if (isSyncError(error) && error.reason === 'authFailed') return undefined; // not a usable public key
      throw error;
    }
    try {
      // Ping as the user, with the key: VoipNow knows the login, the key is its own, the account is enabled.
      await asUser.call('PBX', 'Ping', 'ping');
      return cryptedAuth(publicKey, login);
    } catch (error) {
      if (isSyncError(error) && (error.reason === 'authFailed' || error.reason === 'tooManyLogins')) return undefined;
      throw error;
    } finally {
      asUser.close();
    }
  }

  regions(country: string): Promise<Region[]> {
    const code = country.trim().toUpperCase();
    const cached = this.regionCache.get(code);
    if (cached) return cached;
    const regions = listCall(this.soap, 'PBX', 'GetRegions', { code }).then((r) =>
      many(r.region).map((row) => ({ id: num(row.ID) ?? 0, name: str(row.name) ?? '' })),
    );
    regions.catch(() => this.regionCache.delete(code));
    this.regionCache.set(code, regions);
    return regions;
  }

  ssoLogin(login: string) {
    return requestSsoLogin(this.options, login);
  }

  loginPageUrl(): string {
    return `${this.options.url.replace(/\/+$/, '')}/login.php`;
  }

  close(): void {
    this.soap.close();
  }

  /** One owner's templates of a level (the admin's when no owner), kept TEMPLATE_TTL_MS. */
  templatesOwnedBy(kind: VoipnowKind, ownerId: number | undefined): Promise<TemplateOption[]> {
    const cacheKey = `${kind}/${ownerId ?? 'admin'}`;
    const cached = this.templateCache.get(cacheKey);
    if (cached && Date.now() - cached.at < TEMPLATE_TTL_MS) return Promise.resolve(cached.templates);
    // Callers that ask while the list is being read share the read.
    const reading = this.templateReads.get(cacheKey);
    if (reading) return reading;
    const query = defined({ userLevel: TEMPLATE_LEVEL[kind], userID: ownerId });
    const read = listCall(this.soap, 'PBX', 'GetTemplates', query).then((r) =>
      many(r.template).map((t) => ({ id: num(t.ID) ?? 0, name: str(t.name) ?? '' })),
    );
    this.templateReads.set(cacheKey, read);
    // The list is kept, not the promise: a promise made inside an activity holds that activity's
    // context (its logger, heartbeat and abort signal, through AsyncLocalStorage), so a cache of
    // promises kept about a thousand finished activities alive (heap snapshots of a bulk run).
    // A failed read is not kept: the next caller asks again.
    read.then(
      (templates) => {
        // One entry per VoipNow parent: drop the expired ones now and then, so a worker that
        // replicates hundreds of thousands of accounts does not keep every parent's list.
        if (this.templateCache.size >= 1000)
          for (const [key, entry] of this.templateCache) if (Date.now() - entry.at >= TEMPLATE_TTL_MS) this.templateCache.delete(key);
        this.templateCache.set(cacheKey, { at: Date.now(), templates });
        this.templateReads.delete(cacheKey);
      },
      () => this.templateReads.delete(cacheKey),
    );
    return read;
  }
}

export async function createVoipnowClient(options: VoipnowClientOptions): Promise<VoipnowClient> {
  if (!/^https?:\/\//i.test(options.url)) throw new Error(`VoipNow URL must start with http:// or https://, got "${options.url}"`);
  if (!(options.timeoutMs > 0)) throw new Error('VoipNow timeoutMs must be a positive number');
  return new SoapVoipnowClient(await SoapTransport.open(options), options);
}
