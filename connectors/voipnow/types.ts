import type { VoipnowKind } from '../../domain/accounts';

/** The public shapes of the VoipNow connector, in the product's words and ClientInfo field names. */

export type VoipnowAuth =
  | { method: 'password'; username: string; password: string }
  | { method: 'key'; appKey: string; appSecret: string };

/** pino-like: an object of fields, then a message. */
export interface VoipnowLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
}

export interface VoipnowClientOptions {
  /** Base URL of the server, e.g. https://vn.example.com (the agents live under /soap2/). */
  url: string;
  auth: VoipnowAuth;
  /** A call not answered within this many ms counts as "VoipNow unavailable". */
  timeoutMs: number;
  /** false accepts self-signed certificates. Default true. */
  tlsVerify?: boolean;
  logger?: VoipnowLogger;
}

export type TemplateLevel = 10 | 50 | 100;

/** Account contact data, with VoipNow's ClientInfo names. */
export interface AccountData {
  name?: string;
  company?: string;
  login?: string;
  /** Never logged; replaced by *** in anything the connector writes. */
  password?: string;
  /** Let VoipNow generate the password instead. */
  passwordAuto?: boolean;
  phone?: string;
  fax?: string;
  email?: string;
  address?: string;
  city?: string;
  pcode?: string;
  country?: string;
  /** Region ID from getRegions(country), not a name. */
  region?: number;
  timezone?: number;
  interfaceLang?: string;
  notes?: string;
  /** The SOAP tag marking objects the engine created (domain voipnowTag). */
  serverID?: string;
}

export interface NewReseller extends AccountData {
  login: string;
  templateId?: number;
  /** The admin when absent. */
  parentId?: number;
}

export interface NewClient extends AccountData {
  login: string;
  /** The owning reseller; absent: the caller (the admin) owns the client directly. */
  parentId?: number;
  templateId?: number;
  /** A unique identifier of our choosing (only clients accept one in 2.5.1). */
  identifier?: string;
}

export interface NewExtension extends AccountData {
  login: string;
  parentId: number;
  templateId?: number;
  /** Only phone terminals ('term') are replicated. */
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
  /** Extensions only. */
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
  /** GetExtensions types it as an integer, so leading zeros are gone here ("1" for "0001"). */
  extensionNo?: string;
  extensionType?: string;
}

export interface ListQuery {
  parentId?: number;
  /** Only accounts with this SOAP tag (CTRLPANEL: created in the VoipNow panel). */
  serverID?: string;
  /** Text found in name, company, email or login (and number, for extensions). */
  filter?: string;
  templateId?: number;
}

/** PBX Ping: the "check" of the VoipNow link in the settings. */
export interface ServerBrief {
  title?: string;
  version?: string;
  buildNo?: string;
  resellers?: number;
  clients?: number;
  extensions?: number;
  activSSO: boolean;
  availableUpdate?: string;
  apis: { protocol: string; version: string }[];
  infrastructureID?: string;
  currency?: string;
  charging?: boolean;
  automationAgent?: boolean;
}

export interface InterfaceLang {
  code: string;
  name: string;
  isDefault: boolean;
}

export interface VoipnowTemplate {
  id: number;
  name: string;
  ownerId: number;
  ownerName?: string;
  level: TemplateLevel;
  chargingPlanId?: number;
  chargingPlan?: string;
  /** Accounts created from it. */
  users?: number;
  extensionType?: string;
}

export interface Region {
  id: number;
  name: string;
  isDefault: boolean;
}

/** Everything the sync engine asks of VoipNow. Every method throws SyncError and nothing else. */
export interface VoipnowClient {
  ping(): Promise<ServerBrief>;
  getInterfaceLangs(): Promise<InterfaceLang[]>;
  getTemplates(query: { userLevel: TemplateLevel; userId?: number }): Promise<VoipnowTemplate[]>;
  getRegions(country: string, filter?: string): Promise<Region[]>;

  addReseller(data: NewReseller): Promise<AccountDetails>;
  addClient(data: NewClient): Promise<AccountDetails>;
  addExtension(data: NewExtension): Promise<AccountDetails>;

  editReseller(id: number, changes: AccountChanges): Promise<void>;
  editClient(id: number, changes: AccountChanges): Promise<void>;
  editExtension(id: number, changes: AccountChanges): Promise<void>;

  delReseller(id: number): Promise<void>;
  delClient(id: number): Promise<void>;
  delExtension(id: number): Promise<void>;

  /** null when VoipNow has no such account (fault 250). */
  getResellerDetails(id: number): Promise<AccountDetails | null>;
  getClientDetails(id: number): Promise<AccountDetails | null>;
  getExtensionDetails(id: number): Promise<AccountDetails | null>;
  getAccountDetails(kind: VoipnowKind, id: number): Promise<AccountDetails | null>;

  listResellers(query?: ListQuery): Promise<AccountSummary[]>;
  listClients(query?: ListQuery): Promise<AccountSummary[]>;
  listExtensions(query?: ListQuery): Promise<AccountSummary[]>;
  listAccounts(kind: VoipnowKind, query?: ListQuery): Promise<AccountSummary[]>;

  /** Enables (true) or suspends (false) an account. */
  setStatus(kind: VoipnowKind, id: number, enabled: boolean): Promise<void>;
  /** Gives clients a new owning reseller. */
  moveClients(clientIds: number[], resellerId: number): Promise<void>;

  /**
   * The lookup before every create: the account carrying SOAP tag `serverID` if any (lowest ID
   * when several do), else the one with exactly this login, else null. The caller decides
   * whether a login match that carries someone else's tag may be adopted.
   */
  findAccount(kind: VoipnowKind, by: { login?: string; serverID?: string }): Promise<AccountDetails | null>;

  /** Releases kept-alive connections. */
  close(): void;
}
