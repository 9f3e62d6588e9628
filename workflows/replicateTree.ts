/**
 * replicateTree: bulk and automatic replication. Parents first (resellers and clients, then
 * domains, then mailboxes), each account as its own replicateAccount child workflow, at most
 * `parallelism` in flight; pages of accounts come from the snapshot, and the run continues as new
 * before its history grows large, carrying its progress and cursor.
 */
import { continueAsNew, defineQuery, executeChild, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { replicationWorkflowId } from '../domain/workflow-ids';
import { runBounded } from './failure';
import { ESTATE_READ, FAN_OUT, QUICK } from './options';
import { replicateAccount } from './replicateAccount';
import type { LevelProgress, TreeInput, TreeProgress, TreeResult } from '../domain/workflow-types';
type Candidate = Awaited<ReturnType<Activities['treePage']>>['candidates'][number];

const { treePage, treeCount, treeCountByLevel } = proxyActivities<Activities>(QUICK);
const { checkVoipnow } = proxyActivities<Activities>({ ...QUICK, retry: { ...QUICK.retry, maximumAttempts: 3 } });
const { scanEstate } = proxyActivities<Activities>(ESTATE_READ);
const { replicateAccounts } = proxyActivities<Activities>(FAN_OUT);

export const treeProgressQuery = defineQuery<TreeProgress>('treeProgress');

const PHASES = ['resellers', 'domains', 'mailboxes'] as const;
/** Continue as new past this many events even if the server has not suggested it yet. */
const HISTORY_LIMIT = 8000;

export async function replicateTree(input: TreeInput): Promise<TreeResult> {
  const { pleskServer, scope, mode } = input;
  const parallelism = Math.min(Math.max(input.parallelism ?? 50, 1), 200);
  const { fanOut, slice, window, pageSize } = pagingOf(parallelism);
  const progress: TreeProgress = input.carry?.progress ?? { phase: 'planning', total: 0, done: 0, failed: 0, skipped: 0, remaining: 0 };
  setHandler(treeProgressQuery, () => progress);
  const settle = () => {
    progress.remaining = remainingOf(progress);
    for (const line of Object.values(progress.levels ?? {})) line.remaining = remainingOf(line);
  };

  const firstSeenAfter = input.carry?.firstSeenAfter;
  // When this pass began (carried across continue-as-new within the pass); the next pass starts from it.
  const passStartedAt = input.carry?.passStartedAt ?? new Date().toISOString();
  const pass = firstSeenAfter ? { firstSeenAfter } : {};
  if (!input.carry) {
    await checkVoipnow({ pleskServer });
    // A bulk run starts from what Plesk holds now; automatic runs come right after discovery's scan.
    if (mode === 'bulk') await scanEstate({ pleskServer });
    await countWork(input, progress);
    settle();
  }

  const start = input.carry?.cursor ?? { level: 0 as const };
  for (let level = start.level; level <= 2; level += 1) {
    progress.phase = PHASES[level]!;
    let after = level === start.level ? start.after : undefined;
    for (;;) {
      const page = await treePage({
        pleskServer,
        scope,
        mode,
        level: level as 0 | 1 | 2,
        ...(after ? { after } : {}),
        limit: pageSize,
        ...pass,
      });
      if (page.candidates.length === 0) break;
      const line = progress.levels?.[PHASES[level]!];
      if (fanOut)
        await runBounded(slicesOf(page.candidates, slice), 2, (some) => replicateSlice(input, some, window, progress, line).then(settle));
      else await runBounded(page.candidates, parallelism, (one) => replicateCandidate(input, one, progress, line).then(settle));
      const last = page.candidates.at(-1)!;
      after = `${last.kind}/${last.pleskId}`;
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT) {
        await continueAsNew<typeof replicateTree>({
          ...input,
          carry: { progress, cursor: { level: level as 0 | 1 | 2, after }, passStartedAt, ...pass },
        });
      }
    }
  }
  // Behind patched(): automatic runs started before this pass existed end as they did (decision 046).
  if (mode === 'automatic' && patched('automatic-run-takes-what-scans-added'))
    await takeWhatScansAdded(input, progress, passStartedAt, settle);
  progress.phase = 'done';
  settle();
  return progress;
}

/**
 * Accounts go out in slices, two slices at a time, each one activity (decision 099); runs started
 * before that (patched: false on replay) keep their child workflows. A slice is twice the
 * parallelism; it keeps half the parallelism running and starts the next account as soon as one
 * ends (decision 104). Runs started before that start a slice of half the parallelism at once and
 * wait for all of it.
 */
function pagingOf(parallelism: number): { fanOut: boolean; slice: number; window?: number; pageSize: number } {
  const fanOut = patched('tree-fans-out-by-activity');
  const half = Math.ceil(parallelism / 2);
  if (!fanOut) return { fanOut, slice: half, pageSize: Math.max(parallelism * 2, 100) };
  if (!patched('fan-out-keeps-its-window-full')) return { fanOut, slice: half, pageSize: Math.max(half * 8, 100) };
  return { fanOut, slice: half * 4, window: half, pageSize: Math.max(half * 16, 100) };
}

/** What the run will do, in all and (behind patched(), decision 046: older runs count as they did) per level. */
async function countWork({ pleskServer, scope, mode }: TreeInput, progress: TreeProgress): Promise<void> {
  if (patched('tree-progress-per-level')) {
    const counts = await treeCountByLevel({ pleskServer, scope, mode });
    progress.levels = { resellers: levelOf(counts[0]), domains: levelOf(counts[1]), mailboxes: levelOf(counts[2]) };
    progress.total = counts[0] + counts[1] + counts[2];
  } else progress.total = await treeCount({ pleskServer, scope, mode });
}

const levelOf = (total: number): LevelProgress => ({ total, done: 0, failed: 0, skipped: 0, remaining: total });
const remainingOf = (line: LevelProgress | TreeProgress) => Math.max(0, line.total - line.done - line.failed - line.skipped);

/** One account of a page, as its own replicateAccount child; counts it in the progress and its level's. */
async function replicateCandidate(input: TreeInput, candidate: Candidate, progress: TreeProgress, level?: LevelProgress): Promise<void> {
  const key = { pleskServer: input.pleskServer, kind: candidate.kind, pleskId: candidate.pleskId };
  const count = (outcome: 'done' | 'failed' | 'skipped') => {
    progress[outcome] += 1;
    if (level) level[outcome] += 1;
  };
  if (!candidate.parentLinked) return count('skipped');
  try {
    await executeChild(replicateAccount, { workflowId: replicationWorkflowId(key), args: [{ key, mode: input.mode }] });
    count('done');
  } catch (error) {
    // Already being replicated by someone else: that execution reports it; not ours to count.
    count(error instanceof WorkflowExecutionAlreadyStartedError ? 'skipped' : 'failed');
  }
}

function slicesOf<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return slices;
}

/** A slice of a page: each account whose parent is linked as its own replicateAccount workflow, started and followed by one activity. */
async function replicateSlice(
  input: TreeInput,
  candidates: Candidate[],
  window: number | undefined,
  progress: TreeProgress,
  level?: LevelProgress,
): Promise<void> {
  const count = (outcome: 'done' | 'failed' | 'skipped', n: number) => {
    progress[outcome] += n;
    if (level) level[outcome] += n;
  };
  const ready = candidates.filter((candidate) => candidate.parentLinked);
  count('skipped', candidates.length - ready.length);
  if (ready.length === 0) return;
  const accounts = ready.map(({ kind, pleskId }) => ({ kind, pleskId }));
  const ended = await replicateAccounts({ pleskServer: input.pleskServer, mode: input.mode, accounts, ...(window ? { window } : {}) });
  count('done', ended.done);
  count('failed', ended.failed);
  count('skipped', ended.skipped);
}

/**
 * Discovery does not wait for an automatic run and starts no second one while it runs: what its
 * scans added meanwhile (first seen after this pass began) is taken by one more pass.
 */
async function takeWhatScansAdded(input: TreeInput, progress: TreeProgress, passStartedAt: string, settle: () => void): Promise<void> {
  const { pleskServer, scope, mode } = input;
  const since = { pleskServer, scope, mode, firstSeenAfter: passStartedAt };
  // A run that counts per level (see replicateTree) counts what the scans added per level too.
  const levels = progress.levels;
  const counts = levels ? await treeCountByLevel(since) : undefined;
  const added = counts ? counts[0] + counts[1] + counts[2] : await treeCount(since);
  if (added === 0) return;
  progress.total += added;
  if (levels && counts) PHASES.forEach((name, i) => (levels[name].total += counts[i]!));
  settle();
  await continueAsNew<typeof replicateTree>({
    ...input,
    carry: { progress, cursor: { level: 0 }, firstSeenAfter: passStartedAt, passStartedAt: new Date().toISOString() },
  });
}
