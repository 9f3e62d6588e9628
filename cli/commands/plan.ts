/**
 * `--dry-run` on `replicate --subtree/--all` and `move`: makes a plan (POST /api/v1/plans), waits
 * until it is ready, and prints its totals and first accounts. Nothing is written to VoipNow.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, type ApiClient } from '../api-client';
import { plural } from '../words';

interface PlanItem {
  account: string;
  action: string;
  reasonType?: string;
  reasonText?: string;
  template?: string;
  contactSource?: string;
  detail?: string;
}

interface PlanView {
  id: string;
  state: 'computing' | 'ready' | 'failed';
  error?: string;
  totals?: {
    accounts: number;
    byAction: Record<string, number>;
    byLevel: Record<string, Record<string, number>>;
    byReason: Record<string, number>;
  };
  items: PlanItem[];
  nextCursor: number | null;
}

const ACTION_WORDS: Record<string, string> = {
  create: 'create',
  adopt: 'adopt',
  skipLinked: 'skip (linked)',
  skipUnlinked: 'skip (unlinked by an admin)',
  fail: 'would fail',
  move: 'move',
};

function counts(byAction: Record<string, number>): string {
  // In the plan's order (the database keeps JSON keys in an order of its own).
  return Object.keys(ACTION_WORDS)
    .filter((action) => (byAction[action] ?? 0) > 0)
    .map((action) => `${ACTION_WORDS[action]} ${byAction[action]}`)
    .join(', ');
}

function row(item: PlanItem): string {
  const what =
    item.action === 'fail' ? `would fail: ${item.reasonText ?? item.reasonType ?? ''}` : (ACTION_WORDS[item.action] ?? item.action);
  const extra = [
    item.template ? `template ${item.template}` : '',
    item.contactSource ? `contact ${item.contactSource}` : '',
    item.action !== 'fail' ? (item.detail ?? '') : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `  ${item.account.padEnd(28)} ${what}${extra ? ` (${extra})` : ''}`;
}

export async function dryRun(
  client: ApiClient,
  body: object,
  options: { rows?: number; pollMs?: number },
  print: (line: string) => void,
): Promise<number> {
  const made = (await client.call<{ id: string; url: string }>('POST', '/api/v1/plans', { body })).body;
  const rows = options.rows ?? 20;
  let view: PlanView;
  for (;;) {
    view = await client.get<PlanView>(`${made.url}?limit=${rows}`);
    if (view.state !== 'computing') break;
    await sleep(options.pollMs ?? 500);
  }
  if (view.state === 'failed' || !view.totals) throw new CliError(view.error ?? 'The plan could not be made');
  const t = view.totals;
  print(`Plan ${view.id} (dry run, nothing was written to VoipNow): ${plural(t.accounts, 'account')}`);
  print(`  ${counts(t.byAction) || 'nothing to do'}`);
  for (const level of ['resellers', 'domains', 'mailboxes']) {
    const line = counts(t.byLevel[level] ?? {});
    if (line) print(`  ${level}: ${line}`);
  }
  const reasons = Object.entries(t.byReason);
  if (reasons.length) print(`  would fail by reason: ${reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')}`);
  if (view.items.length) print(`First ${plural(view.items.length, 'account')}:`);
  for (const item of view.items) print(row(item));
  print(`All accounts: GET ${made.url}?cursor=<seq>; run it: POST ${made.url}/run`);
  return 0;
}
