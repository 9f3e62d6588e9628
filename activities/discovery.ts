/**
 * Discovery's scan: read the whole Plesk estate, compare it with the snapshot, write only the
 * differences, and report what is new, changed, moved and vanished. Nothing is deleted in
 * VoipNow: a vanished account is logged and shown, and an admin decides.
 */
import { linksOf } from '../db/links';
import { addLog } from '../db/log';
import { applyScan } from '../db/snapshot';
import { analyzeIfStale } from '../db/stats';
import { countReplicable, findMoved, type Level } from '../db/tree';
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
  /** Accounts automatic replication would try now (not linked, level enabled, not blocked). */
  replicable: number;
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
    const { settings, connectors } = await deps.server(pleskServer);
    const estate = await withHeartbeat(() => connectors.plesk.readEstate(), { step: 'reading Plesk' });
    const diff = await withHeartbeat(() => applyScan(deps.db, pleskServer, estateToRows(estate)), { step: 'comparing' });
    const enabled: Record<Level, boolean> = {
      0: settings.autoReplicate.reseller,
      1: settings.autoReplicate.domain,
      2: settings.autoReplicate.mailbox,
    };
    const { moves, replicable } = await withHeartbeat(
      async () => {
        await analyzeIfStale(deps.db);
        return {
          moves: await findMoved(deps.db, pleskServer, MAX_MOVES),
          replicable: await countReplicable(deps.db, pleskServer, enabled),
        };
      },
      { step: 'finding moves and work' },
    );

    const linkedVanished = await logVanished(deps, pleskServer, diff.vanished);
    const summary: ScanSummary = {
      accounts: diff.total,
      new: diff.created.length,
      changed: diff.changed.length,
      moved: moves.length,
      vanished: diff.vanished.length,
      replicable,
      moves,
      seconds: (Date.now() - started) / 1000,
    };
    if (summary.new || summary.changed || summary.vanished || summary.moved) {
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
