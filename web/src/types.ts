/** The shapes of the JSON API answers the console reads (documented at /docs). */

export type Role = 'admin' | 'reseller' | 'client' | 'mailbox';
export type ReplicationState = 'replicated' | 'not-replicated' | 'failed' | 'replicating';

export interface Session {
  signedIn: true;
  role: Role;
  name: string;
  account: string | null;
  via: string;
  csrfToken: string;
  expiresAt: string;
}

export interface Count {
  all: number;
  replicated: number;
}

export interface AccountRow {
  account: string;
  kind: string;
  pleskId: string;
  name: string;
  login: string | null;
  email: string | null;
  owner: string | null;
  state: ReplicationState;
  link: { voipnowKind: string; voipnowId: number; origin: string; linkedAt: string } | null;
  attempts: number;
  lastAttempt: { outcome: string; reasonType: string | null; reason: string | null; advice?: string | null; at: string } | null;
  domains: Count | null;
  mailboxes: Count | null;
}

export interface AccountPage {
  total: number;
  limit: number;
  offset: number;
  items: AccountRow[];
  summary?: { kind: string; all: number; replicated: number; failed: number }[];
}

export interface Attempt {
  number: number;
  operation: string;
  outcome: string;
  reasonType: string | null;
  reason: string | null;
  /** What the admin should do about the reason (product spec section 5), from the API. */
  advice?: string | null;
  startedAt: string;
  finishedAt: string | null;
  workflowId: string;
  runId: string;
  webUiUrl: string;
}

export interface LogEntry {
  id: number;
  at: string;
  level: string;
  event: string;
  account: string | null;
  message: string;
  reasonType: string | null;
  advice?: string | null;
  workflowId: string | null;
  webUiUrl: string | null;
}

export interface Execution {
  workflowId: string;
  runId: string;
  status: string;
  startedAt: string;
  closedAt: string | null;
  webUiUrl: string;
}

export interface AccountView {
  account: string;
  state: ReplicationState;
  replicated: boolean;
  plesk: {
    name: string;
    login: string | null;
    email: string | null;
    owner: string | null;
    vanished: boolean;
    /** "unlinked by <who> at <when>" while an admin's unlink stands. */
    unlinked?: string | null;
  } | null;
  link: { voipnowKind: string; voipnowId: number; voipnowLogin: string | null; origin: string; linkedAt: string } | null;
  attempts: Attempt[];
  log: LogEntry[];
  executions: Execution[];
}

export interface Template {
  id: number;
  name: string;
}

export interface ActionReply<R = Record<string, unknown>> {
  workflowId: string;
  runId: string;
  webUiUrl: string;
  joined: boolean;
  state: 'running' | 'completed';
  result?: R;
}

export interface LevelProgress {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
}

export type PlanLevel = 'resellers' | 'domains' | 'mailboxes';

export interface BulkProgress extends LevelProgress {
  phase: 'planning' | PlanLevel | 'done';
  /** Per level; absent for runs started before the engine counted per level. */
  levels?: Record<PlanLevel, LevelProgress>;
}

export type PlanAction = 'create' | 'adopt' | 'skipLinked' | 'skipUnlinked' | 'fail' | 'move';

export interface PlanTotals {
  accounts: number;
  byAction: Record<PlanAction, number>;
  byLevel: Record<PlanLevel, Record<PlanAction, number>>;
  byReason: Record<string, number>;
}

export interface PlanItem {
  seq: number;
  account: string;
  kind: string;
  name: string;
  action: PlanAction;
  reasonType?: string;
  reasonText?: string;
  template?: string;
  detail?: string;
}

export interface Plan {
  id: string;
  pleskServer: string;
  state: 'computing' | 'ready' | 'failed';
  error?: string;
  totals?: PlanTotals;
  reasonTexts?: Record<string, string>;
  items: PlanItem[];
  nextCursor: number | null;
}

/** GET /plans/{id}/run: the run of a plan, with the bulk replication's progress. */
export interface PlanRun {
  workflowId: string;
  status: string;
  webUiUrl: string;
  reason?: string;
  replannedCount?: number;
  progress?: BulkProgress;
}

export interface BulkStatus {
  workflowId: string;
  runId: string;
  status: string;
  progress: BulkProgress | null;
  reason?: string;
  webUiUrl: string;
}

type TemplateNames = { reseller: string | null; client: string | null; extension: string | null };

export interface Settings {
  pleskServer: string;
  plesk: { url: string; authMethod: 'password' | 'key'; login: string | null; secret: 'set' | 'not set'; tlsVerify: boolean };
  voipnow: {
    url: string;
    authMethod: 'password' | 'encryptedKey' | 'key';
    login: string | null;
    password: 'set' | 'not set';
    /** The server's public connection key (PEM) for the API encrypted key and Key integration. */
    publicKey: string | null;
    appKey: string | null;
    appSecret: 'set' | 'not set';
    tlsVerify: boolean;
  };
  integrationMethod: 'key' | 'sso';
  allowWithoutSso: boolean;
  soap: { tag: string; timeoutSeconds: number };
  automaticReplication: { resellers: boolean; domains: boolean; mailboxes: boolean; templates: TemplateNames };
  manualReplication: { templates: TemplateNames };
  allowCustomerTemplates: boolean;
  /** Reseller templates named here that VoipNow's admin no longer has. */
  templateWarnings?: string[];
  updatedAt: string;
}

export interface CheckReply {
  ok: boolean;
  server?: {
    title?: string;
    version?: string;
    buildNo?: string;
    resellers?: number;
    clients?: number;
    extensions?: number;
    sso: boolean;
    apis: { protocol: string; version: string }[];
  };
  reasonType?: string;
  reason?: string;
}

export interface PleskExtensionState {
  pleskServer: string;
  secret: 'set' | 'not set';
  handoffUrl: string;
  generated?: string;
}

export interface DiscoveryState {
  scheduleId: string;
  paused: boolean;
  note: string | null;
  running: boolean;
  lastRun: {
    startedAt: string;
    workflowId: string;
    status: string;
    result: {
      accounts: number;
      new: number;
      changed: number;
      moved: number;
      vanished: number;
      replicationStarted: boolean;
      baseline?: boolean;
      seconds: number;
    } | null;
    webUiUrl: string;
  } | null;
  nextRunAt: string | null;
}

export interface TemplatePreferences {
  allowed: boolean;
  client: string | null;
  extension: string | null;
  available: { client: Template[]; extension: Template[] } | null;
  /** Chosen templates that no longer exist in VoipNow. */
  missing?: string[];
}

export interface SwitchReply {
  url: string;
  method: 'sso' | 'key' | 'password' | 'login-page';
  reason?: string;
  expiresIn?: number;
  /** "Switch to Plesk": the way back to the Plesk control panel. */
  backToPlesk?: { label: string; url: string };
}
