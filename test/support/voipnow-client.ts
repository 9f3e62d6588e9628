/**
 * A VoipNow administration client for tests: every SystemAPI operation the tests drive (add, edit,
 * delete, details, lists, status, regions, languages), on the connector's own transport and
 * request building. The product's client (connectors/voipnow/client.ts) keeps only what the
 * product asks of VoipNow.
 */
import type { VoipnowKind } from '../../domain/accounts';
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
  yes,
  type ClientInfo,
} from '../../connectors/voipnow/soap-values';
import { SoapTransport, type SoapResult } from '../../connectors/voipnow/transport';
import type { ServerBrief, VoipnowClientOptions } from '../../connectors/voipnow/types';

export type TemplateLevel = 10 | 50 | 100;

/** Account contact data, with VoipNow's ClientInfo names. */
export interface AccountData {
  name?: string;
  company?: string;
  login?: string;
  password?: string;
  passwordAuto?: boolean;
  phone?: string;
  fax?: string;
  email?: string;
  address?: string;
  city?: string;
  pcode?: string;
  country?: string;
  region?: number;
  timezone?: number;
  interfaceLang?: string;
  notes?: string;
  serverID?: string;
}
export interface NewReseller extends AccountData {
  login: string;
  templateId?: number;
  parentId?: number;
}
export interface NewClient extends AccountData {
  login: string;
  parentId?: number;
  templateId?: number;
  identifier?: string;
}
export interface NewExtension extends AccountData {
  login: string;
  parentId: number;
  templateId?: number;
  extensionType?: 'term';
  extensionNo?: number;
  phoneLang?: string;
}
export type AccountChanges = AccountData & { phoneLang?: string };

/** An account as GetResellerDetails / GetClientDetails / GetExtensionDetails report it. */
export interface AccountDetails extends AccountData {
  kind: VoipnowKind;
  id: number;
  login: string;
  identifier?: string;
  status: boolean;
  parentId?: number;
  templateId?: number;
  chargingPlanId?: number;
  crDate?: string;
  extensionId?: number;
  extensionNo?: string;
  extensionType?: string;
  phoneLang?: string;
}

/** A row of GetResellers / GetClients / GetExtensions. */
export interface AccountSummary {
  kind: VoipnowKind;
  id: number;
  login?: string;
  name?: string;
  email?: string;
  identifier?: string;
  extensionId?: number;
  extensionNo?: string;
  extensionType?: string;
}

export interface ListQuery {
  parentId?: number;
  serverID?: string;
  filter?: string;
  templateId?: number;
}

export interface VoipnowTemplate {
  id: number;
  name: string;
  ownerId: number;
  ownerName?: string;
  level: TemplateLevel;
  chargingPlanId?: number;
  chargingPlan?: string;
  users?: number;
  extensionType?: string;
}

function toDetails(kind: VoipnowKind, r: SoapResult): AccountDetails {
  return defined({
    kind,
    id: num(r.ID),
    login: str(r.login),
    name: str(r.name),
    company: str(r.company),
    phone: str(r.phone),
    fax: str(r.fax),
    email: str(r.email),
    address: str(r.address),
    city: str(r.city),
    pcode: str(r.pcode),
    country: str(r.country),
    region: num(r.region),
    timezone: num(r.timezone),
    interfaceLang: str(r.interfaceLang),
    notes: str(r.notes),
    serverID: str(r.serverID),
    identifier: str(r.identifier),
    status: yes(r.status),
    parentId: num(r.parentID),
    templateId: num(r.templateID),
    chargingPlanId: num(r.chargingPlanID),
    crDate: str(r.crDate),
    extensionId: num(r.extensionID),
    extensionNo: str(r.extensionNo),
    extensionType: str(r.extensionType),
    phoneLang: str(r.phoneLang),
  }) as unknown as AccountDetails;
}

function toSummary(kind: VoipnowKind, r: SoapResult): AccountSummary {
  return defined({
    kind,
    id: num(r.ID),
    login: str(r.login),
    name: str(r.name),
    email: str(r.email),
    identifier: str(r.identifier),
    extensionId: num(r.extensionID),
    extensionNo: str(r.extensionNo),
    extensionType: str(r.extensionType),
  }) as unknown as AccountSummary;
}

export class TestVoipnowClient {
  constructor(private readonly soap: SoapTransport) {}

  async ping(): Promise<ServerBrief> {
    return readServerBrief(await this.soap.call('PBX', 'Ping', 'ping'));
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
    const r = await listCall(this.soap, 'PBX', 'GetTemplates', defined({ userLevel: query.userLevel, userID: query.userId }));
    return many(r.template).map(
      (t) =>
        defined({
          id: num(t.ID),
          name: str(t.name) ?? '',
          ownerId: num(t.userID),
          ownerName: str(t.userName),
          level: num(t.userLevel),
          chargingPlanId: num(t.chargingPlanID),
          chargingPlan: str(t.chargingPlan),
          users: num(t.users),
          extensionType: str(t.extensionType),
        }) as unknown as VoipnowTemplate,
    );
  }

  async getRegions(country: string, filter?: string) {
    const r = await listCall(this.soap, 'PBX', 'GetRegions', defined({ code: country, region: filter }));
    return many(r.region).map((x) => ({ id: num(x.ID) ?? 0, name: str(x.name) ?? '', isDefault: yes(x.default) }));
  }

  addReseller(d: NewReseller) {
    return this.add('reseller', d, { templateID: d.templateId, parentID: d.parentId });
  }
  addClient(d: NewClient) {
    return this.add('client', d, { templateID: d.templateId, identifier: d.identifier, parentID: d.parentId });
  }
  addExtension(d: NewExtension) {
    return this.add('extension', d, {
      phoneLang: d.phoneLang,
      templateID: d.templateId,
      extensionNo: d.extensionNo,
      extensionType: d.extensionType ?? 'term',
      parentID: d.parentId,
    });
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
    return (await listRows(this.soap, kind, query)).map((row) => toSummary(kind, row));
  }

  async setStatus(kind: VoipnowKind, id: number, enabled: boolean): Promise<void> {
    await this.soap.call(MODULE_OF[kind], `Set${NAME_OF[kind]}Status`, { status: enabled, ID: id });
  }

  async moveClients(clientIds: number[], resellerId: number): Promise<void> {
    if (clientIds.length === 0) return;
    await this.soap.call('Client', 'MoveClients', { resellerID: resellerId, ID: clientIds });
  }

  /** The account carrying SOAP tag `serverID` if any (lowest ID when several do), else the one with exactly this login, else null. */
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

  private async add(kind: VoipnowKind, d: AccountData, own: Record<string, unknown>): Promise<AccountDetails> {
    const args = defined({ ...clientInfo(d as ClientInfo), ...own });
    return toDetails(kind, await this.soap.call(MODULE_OF[kind], `Add${NAME_OF[kind]}`, args, [d.password]));
  }

  private async edit(kind: VoipnowKind, id: number, changes: AccountChanges): Promise<void> {
    const ext = kind === 'extension' ? { phoneLang: changes.phoneLang } : {};
    await this.soap.call(MODULE_OF[kind], `Edit${NAME_OF[kind]}`, defined({ ...clientInfo(changes as ClientInfo), ...ext, ID: id }), [
      changes.password,
    ]);
  }

  private async del(kind: VoipnowKind, id: number): Promise<void> {
    await this.soap.call(MODULE_OF[kind], `Del${NAME_OF[kind]}`, { ID: id });
  }
}

export async function createTestVoipnowClient(options: VoipnowClientOptions): Promise<TestVoipnowClient> {
  return new TestVoipnowClient(await SoapTransport.open(options));
}
