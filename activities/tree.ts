/** Paging and checks for bulk and automatic replication (workflows/replicateTree.ts). */
import { countCandidates, nextCandidates, type Candidate, type Level, type TreeFilter } from '../db/tree';
import { addLog } from '../db/log';
import { analyzeIfStale } from '../db/stats';
import type { TreeScope } from '../domain';
import type { ActivityDeps } from './deps';
import { toApplicationFailure, toSyncError } from './failures';

export interface TreePageInput {
  pleskServer: string;
  scope: TreeScope;
  mode: 'bulk' | 'automatic';
  level: Level;
  after?: string;
  limit: number;
  /** Only accounts first seen after this moment (ISO time): an automatic run's later pass. */
  firstSeenAfter?: string;
}

export interface TreePage {
  candidates: Candidate[];
}

const filterOf = (input: Pick<TreePageInput, 'pleskServer' | 'scope' | 'mode' | 'firstSeenAfter'>): TreeFilter => ({
  pleskServer: input.pleskServer,
  scope: input.scope,
  // A bulk run is an admin's manual try: it retries accounts blocked by a data error too.
  skipBlocked: input.mode === 'automatic',
  // Automatic replication is for newly added accounts of the levels switched on (product.md 3).
  newlyAddedOnly: input.mode === 'automatic',
  ...(input.firstSeenAfter ? { firstSeenAfter: new Date(input.firstSeenAfter) } : {}),
});

export async function treePage(deps: ActivityDeps, input: TreePageInput): Promise<TreePage> {
  // A level's first page follows the previous level's work: thousands of new links, maybe.
  if (input.after === undefined) await analyzeIfStale(deps.db);
  return { candidates: await nextCandidates(deps.db, filterOf(input), input.level, input.after, input.limit) };
}

export async function treeCount(deps: ActivityDeps, input: Omit<TreePageInput, 'level' | 'after' | 'limit'>): Promise<number> {
  const counts = await treeCountByLevel(deps, input);
  return counts[0] + counts[1] + counts[2];
}

/** The accounts a run would take, per level (resellers and clients, domains, mailboxes). */
export async function treeCountByLevel(
  deps: ActivityDeps,
  input: Omit<TreePageInput, 'level' | 'after' | 'limit'>,
): Promise<[number, number, number]> {
  await analyzeIfStale(deps.db);
  const counts: [number, number, number] = [0, 0, 0];
  for (const level of [0, 1, 2] as const) counts[level] = await countCandidates(deps.db, filterOf(input), level);
  return counts;
}

/**
 * Checks VoipNow answers with our credentials before a run starts: with wrong credentials every
 * account would fail the same way (and each try brings the lockout closer).
 */
export async function checkVoipnow(deps: ActivityDeps, input: { pleskServer: string }): Promise<void> {
  try {
    const { connectors } = await deps.server(input.pleskServer);
    await connectors.voipnow.ping();
  } catch (caught) {
    const error = toSyncError(caught);
    await addLog(deps.db, {
      level: 'error',
      event: 'replicate',
      message: `Replication on ${input.pleskServer} cannot start: ${error.describe()}`,
      reasonType: error.reason,
    });
    throw toApplicationFailure(error);
  }
}
