import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The simulated VoipNow server's data: the account tree admin → resellers → clients → phone
 * terminal extensions, the templates accounts are created from, and (for old servers) charging
 * plans. Kept in memory; with a data folder it is also written to <dataDir>/voipnow-sim.json.
 */

export type SimAccountKind = 'reseller' | 'client' | 'extension';
export type TemplateLevel = 10 | 50 | 100;

/** The admin is user 1 and owns every reseller; accounts get IDs from 2 up. */
export const ADMIN_ID = 1;

export const LEVEL_OF: Readonly<Record<SimAccountKind, TemplateLevel>> = { reseller: 10, client: 50, extension: 100 };

/** Limit name → maximum, null meaning unlimited. Missing limits count as 0. */
export type Limits = Record<string, number | null>;

export interface SimAccount {
  ID: number;
  kind: SimAccountKind;
  parentID: number;
  login: string;
  /** salt:sha256(salt+password); the simulator never keeps a password in clear. */
  passwordHash: string;
  name?: string;
  company?: string;
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
  chargingIdentifier?: string;
  identifier: string;
  status: boolean;
  phoneStatus: string;
  cpAccess: boolean;
  templateID?: number;
  chargingPlanID?: number;
  crDate: string;
  permissions: string[];
  limits: Limits;
  /** Enumerated permissions and expiry (MyVoipNowManag, ProvisionManag, accountExpire, …), by name. */
  plChoices?: Record<string, string>;
  linkUUID?: string;
  scope?: string;
  extensionID?: number;
  extensionNo?: string;
  extensionType?: string;
  /** The extensionType the AddExtension request named; absent when it named none (the schema's default, term, applied). */
  extensionTypeSent?: string;
  phoneLang?: string;
}

export interface SimTemplate {
  ID: number;
  name: string;
  /** The account that owns the template (ADMIN_ID for the admin's templates). */
  ownerID: number;
  level: TemplateLevel;
  /** Extension templates are made for one extension type; undefined means phone terminal (term). */
  extensionType?: string;
  chargingPlanID?: number;
  permissions: string[];
  limits: Limits;
}

export interface SimChargingPlan {
  ID: number;
  name: string;
  ownerID: number;
}

export interface SimData {
  version: 1;
  nextAccountId: number;
  nextTemplateId: number;
  nextChargingPlanId: number;
  nextExtensionId: number;
  accounts: SimAccount[];
  templates: SimTemplate[];
  chargingPlans: SimChargingPlan[];
}

function emptyData(): SimData {
  return {
    version: 1,
    nextAccountId: ADMIN_ID + 1,
    nextTemplateId: 1,
    nextChargingPlanId: 1,
    nextExtensionId: 1,
    accounts: [],
    templates: [],
    chargingPlans: [],
  };
}

export function hashPassword(password: string): string {
  const salt = randomBytes(8).toString('hex');
  return `${salt}:${createHash('sha256')
    .update(salt + password)
    .digest('hex')}`;
}

export function passwordMatches(hash: string, password: string): boolean {
  const [salt, digest] = hash.split(':');
  return (
    digest ===
    createHash('sha256')
      .update((salt ?? '') + password)
      .digest('hex')
  );
}

/**
 * The data plus indexes, and its persistence: writes are debounced (many creates, one write),
 * atomic (temp file + rename, so a crash never leaves half a file) and flushed on close, so a
 * create the simulator acknowledged survives a clean restart.
 */
export class SimStore {
  private data: SimData;
  private readonly byId = new Map<number, SimAccount>();
  private readonly byLogin = new Map<string, SimAccount>();
  private readonly byIdentifier = new Map<string, SimAccount>();
  // A real VoipNow keeps accounts in indexed tables: lookups by owner or SOAP tag do not slow
  // down with the size of the server, and neither should the simulator's (benchmark linearity).
  private readonly byParent = new Map<number, Set<SimAccount>>();
  private readonly byServerID = new Map<string, Set<SimAccount>>();
  private readonly usersByTemplate = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly file: string | undefined;
  /** How long the last write of the state file took; the next write waits ten times that at least. */
  private lastFlushMs = 0;

  constructor(
    dataDir: string | undefined,
    private readonly debounceMs = 50,
  ) {
    this.file = dataDir === undefined ? undefined : join(dataDir, 'voipnow-sim.json');
    this.data = this.file ? readData(this.file) : emptyData();
    this.reindex();
  }

  get accounts(): readonly SimAccount[] {
    return this.data.accounts;
  }
  get templates(): readonly SimTemplate[] {
    return this.data.templates;
  }
  get chargingPlans(): readonly SimChargingPlan[] {
    return this.data.chargingPlans;
  }

  account(id: number): SimAccount | undefined {
    return this.byId.get(id);
  }
  accountByLogin(login: string): SimAccount | undefined {
    return this.byLogin.get(login.toLowerCase());
  }
  accountByIdentifier(identifier: string): SimAccount | undefined {
    return this.byIdentifier.get(identifier);
  }
  /** The accounts directly below `parentID`, in creation order. */
  children(parentID: number, kind?: SimAccountKind): SimAccount[] {
    return sortedById(this.byParent.get(parentID)).filter((a) => kind === undefined || a.kind === kind);
  }
  /** How many accounts were created from template `templateID`. */
  templateUsers(templateID: number): number {
    return this.usersByTemplate.get(templateID) ?? 0;
  }
  /** The accounts tagged with `serverID`, in creation order. */
  taggedWith(serverID: string): SimAccount[] {
    return sortedById(this.byServerID.get(serverID));
  }

  addAccount(fields: Omit<SimAccount, 'ID' | 'extensionID'>): SimAccount {
    const account: SimAccount = { ...fields, ID: this.data.nextAccountId++ };
    if (account.kind === 'extension') account.extensionID = this.data.nextExtensionId++;
    this.data.accounts.push(account);
    this.index(account);
    this.changed();
    return account;
  }

  /** Applies a change to an account, keeping the indexes right. */
  updateAccount(account: SimAccount, change: Partial<SimAccount>): void {
    this.unindex(account);
    Object.assign(account, change);
    this.index(account);
    this.changed();
  }

  /** Removes accounts and everything below them (VoipNow deletes a subtree with its owner). */
  removeAccounts(ids: number[]): void {
    const doomed = new Set<number>();
    const mark = (id: number): void => {
      doomed.add(id);
      for (const child of this.children(id)) mark(child.ID);
    };
    ids.forEach(mark);
    this.data.accounts = this.data.accounts.filter((a) => !doomed.has(a.ID));
    this.data.templates = this.data.templates.filter((t) => !doomed.has(t.ownerID));
    this.data.chargingPlans = this.data.chargingPlans.filter((p) => !doomed.has(p.ownerID));
    this.reindex();
    this.changed();
  }

  addTemplate(fields: Omit<SimTemplate, 'ID'>): SimTemplate {
    const template: SimTemplate = { ...fields, ID: this.data.nextTemplateId++ };
    this.data.templates.push(template);
    this.changed();
    return template;
  }

  addChargingPlan(fields: Omit<SimChargingPlan, 'ID'>): SimChargingPlan {
    const plan: SimChargingPlan = { ...fields, ID: this.data.nextChargingPlanId++ };
    this.data.chargingPlans.push(plan);
    this.changed();
    return plan;
  }

  template(id: number): SimTemplate | undefined {
    return this.data.templates.find((t) => t.ID === id);
  }

  /** Forgets every account, template and charging plan. */
  reset(): void {
    this.data = emptyData();
    this.reindex();
    this.changed();
  }

  /** Writes pending changes now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    const started = Date.now();
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data));
    renameSync(temp, this.file);
    this.lastFlushMs = Date.now() - started;
  }

  close(): void {
    if (this.timer) this.flush();
  }

  private changed(): void {
    if (!this.file || this.timer) return;
    // Writing the whole state takes longer as it grows: at most a tenth of the time goes to it.
    this.timer = setTimeout(() => this.flush(), Math.max(this.debounceMs, 10 * this.lastFlushMs));
  }

  private reindex(): void {
    for (const index of [this.byId, this.byLogin, this.byIdentifier, this.byParent, this.byServerID, this.usersByTemplate]) index.clear();
    for (const account of this.data.accounts) this.index(account);
  }

  private index(account: SimAccount): void {
    this.byId.set(account.ID, account);
    this.byLogin.set(account.login.toLowerCase(), account);
    this.byIdentifier.set(account.identifier, account);
    addTo(this.byParent, account.parentID, account);
    if (account.serverID !== undefined) addTo(this.byServerID, account.serverID, account);
    if (account.templateID !== undefined) this.usersByTemplate.set(account.templateID, this.templateUsers(account.templateID) + 1);
  }

  private unindex(account: SimAccount): void {
    this.byLogin.delete(account.login.toLowerCase());
    this.byIdentifier.delete(account.identifier);
    this.byParent.get(account.parentID)?.delete(account);
    if (account.serverID !== undefined) this.byServerID.get(account.serverID)?.delete(account);
    if (account.templateID !== undefined) this.usersByTemplate.set(account.templateID, this.templateUsers(account.templateID) - 1);
  }
}

function addTo<K>(index: Map<K, Set<SimAccount>>, key: K, account: SimAccount): void {
  const set = index.get(key);
  if (set) set.add(account);
  else index.set(key, new Set([account]));
}

const sortedById = (accounts: Set<SimAccount> | undefined): SimAccount[] => [...(accounts ?? [])].sort((a, b) => a.ID - b.ID);

function readData(file: string): SimData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyData();
    throw error;
  }
  const data = JSON.parse(text) as SimData;
  if (data.version !== 1) throw new Error(`${file}: unknown simulator data version ${String(data.version)}`);
  return data;
}
