import type { VoipnowKind } from '../../domain/accounts';
import { isSyncError } from '../../domain/errors';
import type { ModuleName } from './modules';
import { SoapTransport, type SoapResult } from './transport';
import type {
  AccountChanges, AccountData, AccountDetails, AccountSummary, ListQuery, NewClient, NewExtension, NewReseller,
  TemplateLevel, VoipnowClient, VoipnowClientOptions, VoipnowTemplate,
} from './types';

/**
 * The VoipNow connector: the operations the sync engine needs, on the 2.5.1 SystemAPI. Requests
 * are built in XSD sequence order (ClientInfo first, then the message's own fields), answers are
 * read into the product's shapes.
 */

const MODULE_OF: Readonly<Record<VoipnowKind, ModuleName>> = { reseller: 'Reseller', client: 'Client', extension: 'Extension' };
const NAME_OF: Readonly<Record<VoipnowKind, string>> = { reseller: 'Reseller', client: 'Client', extension: 'Extension' };
const PLURAL_OF: Readonly<Record<VoipnowKind, string>> = { reseller: 'Resellers', client: 'Clients', extension: 'Extensions' };
const ROW_OF: Readonly<Record<VoipnowKind, string>> = { reseller: 'reseller', client: 'client', extension: 'extension' };

/** Fault 250: no such user. Details and lookups answer null instead of failing. */
const NO_SUCH_USER = 250;
/** "No records" (code 030): an empty list, whether sent as a notice or as a fault. */
const NO_RECORDS = 30;

/** Drops undefined fields, keeping the order the object was written in. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** ClientInfo, in its sequence order. */
function clientInfo(d: AccountData): Record<string, unknown> {
  return {
    name: d.name, company: d.company, login: d.login, passwordAuto: d.passwordAuto, password: d.password,
    phone: d.phone, fax: d.fax, email: d.email, address: d.address, city: d.city, pcode: d.pcode,
    country: d.country, region: d.region, timezone: d.timezone, interfaceLang: d.interfaceLang,
    notes: d.notes, serverID: d.serverID,
  };
}

function str(v: unknown): string | undefined {
  // The soap package turns some xs:dateTime values into Dates, depending on how it resolved the type.
  if (v instanceof Date) return v.toISOString();
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  return String(v);
}
function num(v: unknown): number | undefined {
  const s = str(v);
  return s === undefined || s === '' || Number.isNaN(Number(s)) ? undefined : Number(s);
}
function yes(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}
function many(v: unknown): SoapResult[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is SoapResult => typeof x === 'object' && x !== null);
}

function toDetails(kind: VoipnowKind, r: SoapResult): AccountDetails {
  return defined({
    kind, id: num(r.ID), login: str(r.login), name: str(r.name), company: str(r.company), phone: str(r.phone),
    fax: str(r.fax), email: str(r.email), address: str(r.address), city: str(r.city), pcode: str(r.pcode),
    country: str(r.country), region: num(r.region), timezone: num(r.timezone), interfaceLang: str(r.interfaceLang),
    notes: str(r.notes), serverID: str(r.serverID), identifier: str(r.identifier), status: yes(r.status),
    parentId: num(r.parentID), templateId: num(r.templateID), chargingPlanId: num(r.chargingPlanID), crDate: str(r.crDate),
    extensionId: num(r.extensionID), extensionNo: str(r.extensionNo), extensionType: str(r.extensionType), phoneLang: str(r.phoneLang),
  }) as unknown as AccountDetails;
}

function toSummary(kind: VoipnowKind, r: SoapResult): AccountSummary {
  return defined({
    kind, id: num(r.ID), login: str(r.login), name: str(r.name), email: str(r.email), identifier: str(r.identifier),
    extensionId: num(r.extensionID), extensionNo: str(r.extensionNo), extensionType: str(r.extensionType),
  }) as unknown as AccountSummary;
}

function isFault(error: unknown, code: number): boolean {
  return isSyncError(error) && error.serverCode === code;
}

class SoapVoipnowClient implements VoipnowClient {
  constructor(private readonly soap: SoapTransport) {}

  async ping() {
    const r = await this.soap.call('PBX', 'Ping', 'ping');
    return {
      ...defined({
        title: str(r.title), version: str(r.version), buildNo: str(r.buildNo), resellers: num(r.resellers),
        clients: num(r.clients), extensions: num(r.extensions), availableUpdate: str(r.availableUpdate),
        infrastructureID: str(r.infrastructureID), currency: str(r.currency),
        charging: r.charging === undefined ? undefined : yes(r.charging),
        automationAgent: r.automationAgent === undefined ? undefined : yes(r.automationAgent),
      }),
      activSSO: yes(r.activSSO),
      apis: many(r.api).map((a) => ({ protocol: str(a.protocol) ?? '', version: str(a.version) ?? '' })),
    };
  }

  async getInterfaceLangs() {
    const r = await this.soap.call('PBX', 'GetInterfaceLang', '');
    return many(r.interfaceLang).map((lang) => {
      // Servers mark the default pack by "(-1)" inside its code.
      const raw = str(lang.code) ?? '';
      return { code: raw.replace('(-1)', '').trim(), name: str(lang.name) ?? raw, isDefault: raw.includes('(-1)') };
    });
  }

  async getTemplates(query: { userLevel: TemplateLevel; userId?: number }): Promise<VoipnowTemplate[]> {
    const r = await this.listCall('PBX', 'GetTemplates', defined({ userLevel: query.userLevel, userID: query.userId }));
    return many(r.template).map((t) =>
      defined({
        id: num(t.ID), name: str(t.name) ?? '', ownerId: num(t.userID), ownerName: str(t.userName),
        level: num(t.userLevel), chargingPlanId: num(t.chargingPlanID), chargingPlan: str(t.chargingPlan),
        users: num(t.users), extensionType: str(t.extensionType),
      }) as unknown as VoipnowTemplate,
    );
  }

  async getRegions(country: string, filter?: string) {
    const r = await this.listCall('PBX', 'GetRegions', defined({ code: country, region: filter }));
    return many(r.region).map((x) => ({ id: num(x.ID) ?? 0, name: str(x.name) ?? '', isDefault: yes(x.default) }));
  }

  async addReseller(d: NewReseller) {
    const args = defined({ ...clientInfo(d), templateID: d.templateId, parentID: d.parentId });
    return toDetails('reseller', await this.soap.call('Reseller', 'AddReseller', args, [d.password]));
  }

  async addClient(d: NewClient) {
    const args = defined({ ...clientInfo(d), templateID: d.templateId, identifier: d.identifier, parentID: d.parentId });
    return toDetails('client', await this.soap.call('Client', 'AddClient', args, [d.password]));
  }

  async addExtension(d: NewExtension) {
    const args = defined({
      ...clientInfo(d), phoneLang: d.phoneLang, templateID: d.templateId, extensionNo: d.extensionNo,
      extensionType: d.extensionType ?? 'term', parentID: d.parentId,
    });
    return toDetails('extension', await this.soap.call('Extension', 'AddExtension', args, [d.password]));
  }

  editReseller(id: number, changes: AccountChanges) {
    return this.edit('reseller', id, changes);
  }
  editClient(id: number, changes: AccountChanges) {
    return this.edit('client', id, changes);
  }
  editExtension(id: number, changes: AccountChanges) {
    return this.edit('extension', id, changes);
  }

  delReseller(id: number) {
    return this.del('reseller', id);
  }
  delClient(id: number) {
    return this.del('client', id);
  }
  delExtension(id: number) {
    return this.del('extension', id);
  }

  getResellerDetails(id: number) {
    return this.getAccountDetails('reseller', id);
  }
  getClientDetails(id: number) {
    return this.getAccountDetails('client', id);
  }
  getExtensionDetails(id: number) {
    return this.getAccountDetails('extension', id);
  }

  async getAccountDetails(kind: VoipnowKind, id: number): Promise<AccountDetails | null> {
    try {
      return toDetails(kind, await this.soap.call(MODULE_OF[kind], `Get${NAME_OF[kind]}Details`, { ID: id }));
    } catch (error) {
      if (isFault(error, NO_SUCH_USER)) return null;
      throw error;
    }
  }

  listResellers(query?: ListQuery) {
    return this.listAccounts('reseller', query);
  }
  listClients(query?: ListQuery) {
    return this.listAccounts('client', query);
  }
  listExtensions(query?: ListQuery) {
    return this.listAccounts('extension', query);
  }

  async listAccounts(kind: VoipnowKind, query: ListQuery = {}): Promise<AccountSummary[]> {
    // GetExtensionsRequest starts with extensionType; the others with templateID.
    const args = defined({
      extensionType: kind === 'extension' ? 'term' : undefined, templateID: query.templateId,
      serverID: query.serverID, filter: query.filter, parentID: query.parentId,
    });
    const r = await this.listCall(MODULE_OF[kind], `Get${PLURAL_OF[kind]}`, args);
    return many(r[ROW_OF[kind]]).map((row) => toSummary(kind, row));
  }

  async setStatus(kind: VoipnowKind, id: number, enabled: boolean): Promise<void> {
    await this.soap.call(MODULE_OF[kind], `Set${NAME_OF[kind]}Status`, { status: enabled, ID: id });
  }

  async moveClients(clientIds: number[], resellerId: number): Promise<void> {
    if (clientIds.length === 0) return;
    await this.soap.call('Client', 'MoveClients', { resellerID: resellerId, ID: clientIds });
  }

  async findAccount(kind: VoipnowKind, by: { login?: string; serverID?: string }): Promise<AccountDetails | null> {
    if (by.serverID) {
      const tagged = await this.listAccounts(kind, { serverID: by.serverID });
      const first = tagged.sort((a, b) => a.id - b.id)[0];
      if (first) return this.getAccountDetails(kind, first.id);
    }
    if (by.login) {
      const login = by.login.toLowerCase();
      const match = (await this.listAccounts(kind, { filter: by.login })).find((row) => row.login?.toLowerCase() === login);
      if (match) return this.getAccountDetails(kind, match.id);
    }
    return null;
  }

  close(): void {
    this.soap.close();
  }

  private async edit(kind: VoipnowKind, id: number, changes: AccountChanges): Promise<void> {
    const ext = kind === 'extension' ? { phoneLang: changes.phoneLang } : {};
    await this.soap.call(MODULE_OF[kind], `Edit${NAME_OF[kind]}`, defined({ ...clientInfo(changes), ...ext, ID: id }), [changes.password]);
  }

  private async del(kind: VoipnowKind, id: number): Promise<void> {
    await this.soap.call(MODULE_OF[kind], `Del${NAME_OF[kind]}`, { ID: id });
  }

  /** A list call where "no records" (030) as a fault means an empty list. */
  private async listCall(module: ModuleName, operation: string, args: object): Promise<SoapResult> {
    try {
      return await this.soap.call(module, operation, args);
    } catch (error) {
      if (isFault(error, NO_RECORDS)) return {};
      throw error;
    }
  }
}

export async function createVoipnowClient(options: VoipnowClientOptions): Promise<VoipnowClient> {
  if (!/^https?:\/\//i.test(options.url)) throw new Error(`VoipNow URL must start with http:// or https://, got "${options.url}"`);
  if (!(options.timeoutMs > 0)) throw new Error('VoipNow timeoutMs must be a positive number');
  return new SoapVoipnowClient(await SoapTransport.open(options));
}
