/**
 * Plans (dry runs): what a bulk replication or a move would do to each account, predicted with the
 * rules the engine applies when it really runs (mapping.ts for the data, templates.ts for the
 * template, voipnow-fields.ts for VoipNow's field checks), without writing anything to VoipNow.
 * Pure: the activity (activities/plans.ts) reads Plesk, the links and VoipNow's lists, then asks
 * these functions about each account. docs/decisions/085-plans.md.
 */
import type { AccountKind } from './accounts';
import { SyncError } from './errors';
import type { DerivedAccount } from './mapping';
import { reasonText, type ReasonType } from './reasons';
import { chooseTemplate, type TemplateOption, type TemplateRequest } from './templates';
import { voipnowFieldRefusal, type VoipnowLookups } from './voipnow-fields';
import type { TreeProgress } from './workflow-types';

export const PLAN_ACTIONS = ['create', 'adopt', 'skipLinked', 'skipUnlinked', 'fail', 'move'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** What a plan says about one account. */
export interface PlannedAccount {
  action: PlanAction;
  reasonType?: ReasonType;
  reasonText?: string;
  template?: string;
  contactSource?: DerivedAccount['contactSource'];
  detail?: string;
}

/** A plan's request: the body of a bulk replication, or a move. */
export type PlanRequest =
  | { kind: 'bulk'; scope: 'all' }
  /** What the next automatic run (discovery) would do: newly added accounts of the levels switched on. */
  | { kind: 'bulk'; scope: 'automatic' }
  | { kind: 'bulk'; scope: 'subtree'; root: string }
  | { kind: 'move'; key: string };

export const PLAN_LEVELS = ['resellers', 'domains', 'mailboxes'] as const;
export type PlanLevel = (typeof PLAN_LEVELS)[number];

export function planLevelOf(kind: AccountKind): PlanLevel {
  return kind === 'reseller' || kind === 'client' ? 'resellers' : kind === 'domain' ? 'domains' : 'mailboxes';
}

export interface PlanTotals {
  accounts: number;
  byAction: Record<PlanAction, number>;
  byLevel: Record<PlanLevel, Record<PlanAction, number>>;
  /** Predicted failures per reason. */
  byReason: Record<string, number>;
}

const noActions = (): Record<PlanAction, number> => Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>;

export function emptyTotals(): PlanTotals {
  return {
    accounts: 0,
    byAction: noActions(),
    byLevel: { resellers: noActions(), domains: noActions(), mailboxes: noActions() },
    byReason: {},
  };
}

export function addToTotals(totals: PlanTotals, kind: AccountKind, planned: Pick<PlannedAccount, 'action' | 'reasonType'>): void {
  totals.accounts += 1;
  totals.byAction[planned.action] += 1;
  totals.byLevel[planLevelOf(kind)][planned.action] += 1;
  if (planned.action === 'fail' && planned.reasonType) totals.byReason[planned.reasonType] = (totals.byReason[planned.reasonType] ?? 0) + 1;
}

export function planFailure(reason: ReasonType, message?: string): PlannedAccount {
  return { action: 'fail', reasonType: reason, reasonText: message ?? reasonText(reason) };
}

/** A SyncError thrown by a shared rule, as the plan's "would fail". */
export function planFailureOf(error: unknown): PlannedAccount {
  if (error instanceof SyncError) return planFailure(error.reason, error.describe());
  throw error;
}

export interface CreatePrediction {
  derived: DerivedAccount;
  /** The template request as the engine would make it (mode bulk, the configured name). */
  template: TemplateRequest;
  /** The templates the VoipNow parent may use (its own, its parent's, the admin's). */
  templates: readonly TemplateOption[];
  lookups: VoipnowLookups;
  /**
   * A VoipNow account of the same kind already has the login: whether it carries this account's
   * tag, and whether an earlier replicate try of ours (after any unlink) may have made it.
   */
  loginHolder?: { tagged: boolean; ourEarlierTry: boolean };
}

/**
 * What replicating one account whose parent will be there would do, in the engine's order: the
 * template (replicate.ts chooseTemplateFor), the lookup by tag (adopt), VoipNow's field checks on
 * the data sent (create), a duplicate login (loginTaken).
 */
export function predictReplication(input: CreatePrediction): PlannedAccount {
  const { derived } = input;
  let templateName: string | undefined;
  try {
    templateName = chooseTemplate(input.template, input.templates).templateName;
  } catch (error) {
    return { ...planFailureOf(error), contactSource: derived.contactSource };
  }
  const base = { ...(templateName ? { template: templateName } : {}), contactSource: derived.contactSource };
  // Adoption is only for an object an earlier try of ours made (replicate.ts mayAdopt); one left by
  // an earlier link is the admin's choice, so the run would stop and ask.
  if (input.loginHolder?.tagged && input.loginHolder.ourEarlierTry)
    return { action: 'adopt', ...base, detail: 'VoipNow already has an account with this account’s tag, made by an earlier try' };
  if (input.loginHolder?.tagged) return { ...planFailure('taggedFromEarlierLink'), ...base };
  // A generated password always passes VoipNow's rules (passwords.ts); Plesk's own is sent as it is.
  const fields = { ...derived.data, ...(derived.password !== undefined ? { password: derived.password } : { passwordAuto: true }) };
  const refused = voipnowFieldRefusal(fields, input.lookups, { creating: true });
  if (refused) return { ...planFailure(refused.reason, refused.message), ...base, detail: `field ${refused.field}` };
  if (input.loginHolder) return { ...planFailure('loginTaken'), ...base };
  return { action: 'create', ...base };
}

/** The workflow computing a plan, and the one running it (IDs: domain/workflow-ids.ts style). */
export const planWorkflowId = (planId: string) => `plan/${planId}`;
export const planRunWorkflowId = (planId: string) => `plan-run/${planId}`;

export interface RunPlanInput {
  planId: string;
  pleskServer: string;
  /** The bulk replication's workflow ID (bulkWorkflowId of the plan's scope): one per scope at a time. */
  bulkWorkflowId: string;
  parallelism?: number;
}

export interface RunPlanResult {
  /** Accounts whose prediction changed since the plan was made (planned again), the first 200. */
  replanned: { key: string; before: string; after: string }[];
  replannedCount: number;
  bulkWorkflowId: string;
  progress: TreeProgress;
}
