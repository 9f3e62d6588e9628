/**
 * Discovery's scan: read the whole Plesk estate, compare it with the snapshot, write only the
 * differences, and report what is new, changed, moved and vanished. Nothing is deleted in
 * VoipNow: a vanished account is logged and shown, and an admin decides.
 */
import { recordBaseline } from '../db/baseline';
import { linksOf } from '../db/links';
import { addLog } from '../db/log';
import { applyScan, readSnapshot } from '../db/snapshot';
import { analyzeIfStale } from '../db/stats';
import { countReplicable, findMoved, unlinkedSkips } from '../db/tree';
import type { AccountKey } from '../domain';
import type { ActivityDeps } from './deps';
import { estateToRows } from './estate';
import { toApplicationFailure, toSyncError } from './failures';
import { withHeartbeat } from './heartbeat';

export interface ScanSummary {
  accounts: number;
  new: number;
  changed: number;
  moved: number;
  vanished: number;
  /** Accounts automatic replication would try now (newly added, level switched on, not linked, not blocked). */
  replicable: number;
  /** Whether this was the server's first scan: it recorded the estate and replicates nothing. */
  baseline: boolean;
  /** Linked accounts whose Plesk owner changed (at most MAX_MOVES). */
  moves: AccountKey[];
  seconds: number;
}

const MAX_MOVES = 500;
const MAX_VANISH_LINES = 100;

export async function scanEstate(deps: ActivityDeps, input: { pleskServer: string }): Promise<ScanSummary> {
  const started = Date.now();
  const { pleskServer } = input;
  try {
    // The whole estate is in memory while it is compared (decision 103); as it is without a worker's.
    const read = () => readAndCompare(deps, pleskServer);
    const diff = await (deps.withRoomToGrow?.(read) ?? read());
    // The first scan only records what exists: nothing reaches VoipNow before an admin decided.
    const baseline = await recordBaseline(deps.db, pleskServer, new Date());
    if (baseline) {
      await addLog(deps.db, {
        level: 'info',
        event: 'discovery',
        message: `First discovery on ${pleskServer} recorded ${diff.total} existing accounts; none is replicated automatically. Replicate them with a bulk replication; automatic replication takes accounts added from now on, for the levels switched on`,
      });
    }
    const { moves, replicable } = await withHeartbeat(
      async () => {
        await analyzeIfStale(deps.db);
        return {
          moves: await findMoved(deps.db, pleskServer, MAX_MOVES),
          replicable: await countReplicable(deps.db, pleskServer),
        };
      },
      { step: 'finding moves and work' },
    );
    await logUnlinkedSkips(deps, pleskServer);

    const linkedVanished = await logVanished(deps, pleskServer, diff.vanished);
    const summary: ScanSummary = {
      accounts: diff.total,
      new: diff.created.length,
      changed: diff.changed.length,
      moved: moves.length,
      vanished: diff.vanished.length,
      replicable,
      baseline,
      moves,
      seconds: (Date.now() - started) / 1000,
    };
    if (!baseline && (summary.new || summary.changed || summary.vanished || summary.moved)) {
      await addLog(deps.db, {
        level: summary.vanished ? 'warning' : 'info',
        event: 'discovery',
        message: `Discovery on ${pleskServer}: ${summary.accounts} accounts, ${summary.new} new, ${summary.changed} changed, ${summary.moved} moved, ${summary.vanished} vanished (${linkedVanished.length} of them linked), ${summary.replicable} to replicate`,
      });
    }
    return summary;
  } catch (caught) {
    const error = toSyncError(caught);
    await addLog(deps.db, {
      level: 'error',
      event: 'discovery',
      message: `Discovery on ${pleskServer} failed: ${error.describe()}`,
      reasonType: error.reason,
    });
    throw toApplicationFailure(error);
  }
}

/** Reads Plesk's estate and compares it with the snapshot, which is read from PostgreSQL meanwhile. */
async function readAndCompare(deps: ActivityDeps, pleskServer: string) {
  const { connectors } = await deps.server(pleskServer);
  const snapshot = readSnapshot(deps.db, pleskServer);
  snapshot.catch(() => {}); // a failure surfaces where it is awaited; not an unhandled one meanwhile
  // Only the rows are kept past the read: the estate's records are garbage before the comparison
  // and its writes allocate (17.7 MB of heap at 29,040 accounts, measured in one process).
  const rows = await withHeartbeat(async () => estateToRows(await connectors.plesk.readEstate()), { step: 'reading Plesk' });
  return withHeartbeat(async () => applyScan(deps.db, pleskServer, rows, await snapshot), { step: 'comparing' });
}

/** One warning per linked account that vanished from Plesk (at most MAX_VANISH_LINES); returns the linked ones. */
async function logVanished(deps: ActivityDeps, pleskServer: string, vanished: Parameters<typeof linksOf>[2]) {
  const linkedVanished = await linksOf(deps.db, pleskServer, vanished.slice(0, 5000));
  for (const link of linkedVanished.slice(0, MAX_VANISH_LINES)) {
    await addLog(deps.db, {
      level: 'warning',
      event: 'vanish',
      key: { pleskServer, kind: link.kind, pleskId: link.pleskId },
      message: `Plesk ${link.kind} ${link.pleskId} no longer exists in Plesk; its VoipNow ${link.voipnowKind} #${link.voipnowId} is kept (unlink or delete it yourself)`,
    });
  }
  return linkedVanished;
}

/**
 * One line per account automatic replication would take now but leaves alone because an admin
 * unlinked it (at most MAX_VANISH_LINES): its VoipNow object is not touched (product.md 3).
 */
async function logUnlinkedSkips(deps: ActivityDeps, pleskServer: string): Promise<void> {
  for (const skip of await unlinkedSkips(deps.db, pleskServer, MAX_VANISH_LINES)) {
    await addLog(deps.db, {
      level: 'info',
      event: 'discovery',
      key: { pleskServer, kind: skip.kind, pleskId: skip.pleskId },
      message: `Automatic replication skipped Plesk ${skip.kind} ${skip.pleskId}: an admin unlinked it (unlinked by ${skip.unlinkedBy ?? 'an admin'} at ${skip.unlinkedAt.toISOString()}); its VoipNow account is left as it is`,
    });
  }
}
