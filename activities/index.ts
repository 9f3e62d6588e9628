/**
 * Every side effect a workflow needs, built by one factory from its dependencies. Workflows
 * `import type` this and call proxyActivities<Activities>.
 */
import type { AccountKey } from '../domain';
import type { LinkInput, ReplicateInput, UnlinkInput } from '../domain/workflow-types';
import type { ActivityDeps } from './deps';
import { scanEstate } from './discovery';
import { replicateAccounts, type FanOutInput } from './fan-out';
import { linkExisting, unlink } from './links';
import { attachLink, detachLink, moveInVoipnow, planMove, recordOutcome, restoreLink } from './move';
import { computePlan, markPlanFailed } from './plans';
import { recordGiveUp, type FailureRecord } from './records';
import { replicate } from './replicate';
import { checkVoipnow, treeCount, treeCountByLevel, treePage, type TreePageInput } from './tree';

export function createActivities(deps: ActivityDeps) {
  return {
    replicate: (input: ReplicateInput) => replicate(deps, input),
    replicateAccounts: (input: FanOutInput) => replicateAccounts(deps, input),
    recordGiveUp: (record: FailureRecord) => recordGiveUp(deps, record),
    scanEstate: (input: { pleskServer: string }) => scanEstate(deps, input),
    treePage: (input: TreePageInput) => treePage(deps, input),
    treeCount: (input: Parameters<typeof treeCount>[1]) => treeCount(deps, input),
    treeCountByLevel: (input: Parameters<typeof treeCountByLevel>[1]) => treeCountByLevel(deps, input),
    checkVoipnow: (input: { pleskServer: string }) => checkVoipnow(deps, input),
    linkExisting: (input: LinkInput) => linkExisting(deps, input),
    unlink: (input: UnlinkInput) => unlink(deps, input),
    planMove: (input: { key: AccountKey }) => planMove(deps, input),
    detachLink: (input: { key: AccountKey }) => detachLink(deps, input),
    moveInVoipnow: (input: Parameters<typeof moveInVoipnow>[1]) => moveInVoipnow(deps, input),
    attachLink: (input: Parameters<typeof attachLink>[1]) => attachLink(deps, input),
    restoreLink: (input: Parameters<typeof restoreLink>[1]) => restoreLink(deps, input),
    recordOutcome: (input: Parameters<typeof recordOutcome>[1]) => recordOutcome(deps, input),
    computePlan: (input: { planId: string; again?: boolean }) => computePlan(deps, input),
    markPlanFailed: (input: { planId: string; message: string }) => markPlanFailed(deps, input),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
export type { ScanSummary } from './discovery';
export type { MovePlan, LinkRecord } from './move';
export type { ComputePlanResult } from './plans';
export type { FanOutInput, FanOutResult } from './fan-out';
export type { TreePage, TreePageInput } from './tree';
