/**
 * Inputs and results of every workflow: the contract between the API (which starts and inspects
 * them), the worker and the activities. Pure types, safe to import from any layer; the IDs are in
 * workflow-ids.ts, the queries beside the workflows that answer them.
 */
import type { AccountKey, VoipnowKind } from './accounts';
import type { PlanLevel } from './plans';

export type ReplicationMode = 'automatic' | 'manual' | 'bulk';

/** A template chosen by the caller of a manual replication, by VoipNow ID or name. */
export interface TemplateChoice {
  id?: number;
  name?: string;
}

export interface ReplicateInput {
  key: AccountKey;
  mode: ReplicationMode;
  /** Manual mode: the template to use (must exist in the VoipNow parent). */
  template?: TemplateChoice;
  /** Manual mode: replicate with no template when VoipNow has none for this level. */
  confirmNoTemplate?: boolean;
  /** Manual mode: adopt the VoipNow account an earlier link left carrying this account's tag (the user chose it). */
  adoptExisting?: boolean;
}

export interface ReplicateResult {
  outcome: 'created' | 'adopted' | 'alreadyLinked';
  voipnowKind: VoipnowKind;
  voipnowId: number;
  templateName?: string;
}

/** What a bulk replication covers. */
export type TreeScope =
  | { kind: 'all' }
  | { kind: 'subtree'; root: AccountKey }
  | { kind: 'list'; keys: AccountKey[] }
  /** The accounts a plan (dry run) would create, adopt or try (domain/plans.ts), however many. */
  | { kind: 'plan'; planId: string };

export interface TreeProgress {
  phase: 'planning' | 'resellers' | 'domains' | 'mailboxes' | 'done';
  total: number;
  done: number;
  failed: number;
  /** Accounts not tried because their parent is not replicated. */
  skipped: number;
  remaining: number;
  /**
   * The same counts per level (runs started before this field existed have none). A level's
   * total is what the run found to do there when it started, plus what later passes added.
   */
  levels?: Record<PlanLevel, LevelProgress>;
}

export interface LevelProgress {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
}

export interface TreeInput {
  pleskServer: string;
  scope: TreeScope;
  mode: Extract<ReplicationMode, 'bulk' | 'automatic'>;
  /** Child workflows in flight at once (default 50, at most 200). */
  parallelism?: number;
  /** Carried across continue-as-new; callers leave it out. */
  carry?: TreeCarry;
}

export interface TreeCarry {
  progress: TreeProgress;
  /** Where paging stopped: level and the last account key string of that level. */
  cursor: { level: 0 | 1 | 2; after?: string };
  /** An automatic run's later pass: only accounts first seen after this time (ISO), which scans added meanwhile. */
  firstSeenAfter?: string;
  /** When the current pass began (ISO). */
  passStartedAt?: string;
}

export type TreeResult = TreeProgress;

export interface DiscoveryInput {
  pleskServer: string;
}

export interface DiscoveryResult {
  accounts: number;
  new: number;
  changed: number;
  moved: number;
  vanished: number;
  /** Whether a bulk replication was started for what is new (or changed after a failure). */
  replicationStarted: boolean;
  /** The server's first scan: it recorded the existing accounts and replicates nothing (issue 11). */
  baseline?: boolean;
  seconds: number;
}

export interface LinkInput {
  key: AccountKey;
  voipnowId: number;
}

export interface LinkResult {
  voipnowKind: VoipnowKind;
  voipnowId: number;
}

export interface UnlinkInput {
  key: AccountKey;
  /** Also unlink every account below (a client's domains and their mailboxes). */
  recursive: boolean;
  /** Who unlinks: the token's or console user's name, shown as "unlinked by <who> at <when>". */
  by?: string;
}

export interface UnlinkResult {
  unlinked: number;
}

export interface MoveInput {
  key: AccountKey;
}

export interface MoveResult {
  /** Plesk owner before and after, in words: 'admin', 'reseller 3', 'client 6'. */
  from: string;
  to: string;
  voipnowParentId: number | null;
}
