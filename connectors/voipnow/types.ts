import type { VoipnowKind } from '../../domain/accounts';
import type { NewVoipnowAccount, VoipnowAccount } from '../../domain/records';
import type { TemplateOption } from '../../domain/templates';

/** The VoipNow connector's options and operations; accounts are the domain's records (domain/records.ts). */

/**
 * How every call authenticates: the admin's username and password; VoipNow's API encrypted key
 * (`cryptedAuth`: `username` encrypted with the server's public connection key, PEM); or an
 * application's appKey and appSecret (method `key`, kept from before for compatibility).
 */
export type VoipnowAuth =
  | { method: 'password'; username: string; password: string }
  | { method: 'encryptedKey'; username: string; publicKey: string }
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
  /** The server's public connection key (PEM), for Key integration whatever the authentication method. */
  publicKey?: string;
  /** false accepts self-signed certificates. Default true. */
  tlsVerify?: boolean;
  logger?: VoipnowLogger;
  /**
   * Runs each SOAP call, so that a worker makes at most VOIPNOW_MAX_CONCURRENCY calls at once over
   * all its VoipNow clients (one limiter for the process, runtime/connectors.ts). A call's time
   * limit starts when it is sent, not while it waits here. Default: every call goes at once.
   */
  limitCalls?: <T>(call: () => Promise<T>) => Promise<T>;
}

/** A VoipNow region (PBX GetRegions): ClientInfo.region takes its ID. */
export interface Region {
  id: number;
  name: string;
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

/** Everything the product asks of VoipNow. Every method throws SyncError and nothing else. */
export interface VoipnowClient {
  /** Checks the connection and our credentials. */
  ping(): Promise<ServerBrief>;
  /** The account carrying this SOAP tag (the lowest ID when several do), or null: the lookup before every create. */
  findByTag(kind: VoipnowKind, tag: string): Promise<VoipnowAccount | null>;
  /** The account with exactly this login (case-insensitive), or null. */
  findByLogin(kind: VoipnowKind, login: string): Promise<VoipnowAccount | null>;
  /** null when VoipNow has no such account (fault 250). */
  get(kind: VoipnowKind, id: number): Promise<VoipnowAccount | null>;
  /** A phone terminal, for extensions. */
  create(kind: VoipnowKind, account: NewVoipnowAccount): Promise<VoipnowAccount>;
  setPassword(kind: VoipnowKind, id: number, password: string): Promise<void>;
  /**
   * The templates of `kind` this VoipNow account owns (undefined: the admin). An account may only
   * be made from a template its parent owns (issue 11 rule 5, domain/templates.ts templateOwner).
   * Lists are kept a minute per owner.
   */
  templatesOwnedBy(kind: VoipnowKind, ownerId: number | undefined): Promise<TemplateOption[]>;
  /**
   * Set<X>PL: every permission off and every limit 0, explicitly (an account made without a
   * template must not keep whatever VoipNow gives by default).
   */
  clearPermissionsAndLimits(kind: VoipnowKind, id: number): Promise<void>;
  /** Every account of a kind the caller sees, by ID and login: one read-only list call (plans). */
  list(kind: VoipnowKind): Promise<{ id: number; login: string }[]>;
  /** The interface language codes the server offers (PBX GetInterfaceLang), read-only (plans). */
  interfaceLanguages(): Promise<string[]>;
  /** Gives clients a new owning reseller. */
  moveClients(clientIds: number[], resellerId: number): Promise<void>;
  /** Whether VoipNow accepts this user's login and password (false: refused, or locked by too many tries). */
  acceptsLogin(login: string, password: string): Promise<boolean>;
  /**
   * Key integration: the `cryptedAuth` value for the user's login, after VoipNow accepted it (a PBX
   * Ping as the user). Undefined when the settings hold no public connection key or VoipNow refuses it.
   */
  keyLogin(login: string): Promise<string | undefined>;
  /** The regions VoipNow knows for a country (PBX GetRegions), asked once per country and connector. */
  regions(country: string): Promise<Region[]>;
  /** A one-time SSO login URL for the user, asked as our account; undefined when SSO is not there or refuses. */
  ssoLogin(login: string): Promise<{ url: string; expiresIn: number } | undefined>;
  /** VoipNow's own login page. */
  loginPageUrl(): string;
  /** Releases kept-alive connections. */
  close(): void;
}
