/**
 * Bulk replication: the whole estate (admins) or one subtree, parents first, with a live
 * progress bar (done, failed, skipped, remaining, and the level being worked on). The run's
 * handle stays in the URL (?run=), so a reload keeps watching it.
 *
 * "See the plan" comes first: a dry run of the chosen scope (what would be created, adopted,
 * skipped or fail, per level, without writing to VoipNow), then "Run this plan" follows the
 * plan's run with the same progress card. "Run bulk replication" runs without a plan.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { accountPath, get, messageOf, post, withQuery } from '../api';
import { ErrorIcon, ExternalLink, Notice, TableScroll } from '../components/ui';
import { useLoad, usePolling, useTitle } from '../hooks';
import { isAdmin, useSession } from '../session';
import type { BulkProgress, BulkStatus, Plan, PlanAction, PlanLevel, PlanRun } from '../types';

const PHASE_TEXT: Record<string, string> = {
  planning: 'Finding the accounts to replicate',
  resellers: 'Replicating resellers and clients',
  domains: 'Replicating domains',
  mailboxes: 'Replicating mailboxes',
  done: 'Finished',
};

const LEVEL_TEXT: Record<PlanLevel, string> = { resellers: 'Resellers and clients', domains: 'Domains', mailboxes: 'Mailboxes' };
const LEVELS = Object.keys(LEVEL_TEXT) as PlanLevel[];
const ACTION_TEXT: Record<PlanAction, string> = {
  create: 'Create',
  adopt: 'Adopt',
  skipLinked: 'Already linked',
  skipUnlinked: 'Unlinked by an admin',
  fail: 'Would fail',
  move: 'Move',
};
const PLAN_COLUMNS: PlanAction[] = ['create', 'adopt', 'skipLinked', 'skipUnlinked', 'fail'];
const PLAN_PAGE = 25;

/**
 * A plan (dry run) of the chosen scope: what each level would get, the predicted failures by
 * reason, and the accounts a page at a time (the API pages by cursor; Back keeps the cursors seen).
 */
function BulkPlan({ id, onRun, running }: { id: string; onRun(): void; running: boolean }) {
  const [cursors, setCursors] = useState<number[]>([0]);
  const cursor = cursors.at(-1)!;
  const plan = useLoad(() => get<Plan>(`/plans/${encodeURIComponent(id)}`, { cursor, limit: PLAN_PAGE }), [id, cursor]);
  usePolling(() => plan.reload(), 1000, plan.data?.state === 'computing');
  if (plan.error) return <Notice tone="error">{plan.error}</Notice>;
  if (!plan.data || plan.data.state === 'computing')
    return (
      <section class="card" aria-labelledby="plan-heading" aria-busy="true">
        <h2 id="plan-heading">The plan</h2>
        <p aria-live="polite">Working out what each account would get… nothing is written to VoipNow.</p>
      </section>
    );
  const { state, totals, items, nextCursor, reasonTexts } = plan.data;
  if (state === 'failed' || !totals) return <Notice tone="error">{plan.data.error ?? 'The plan could not be made.'}</Notice>;
  const reasons = Object.entries(totals.byReason).sort(([, a], [, b]) => b - a);
  return (
    <section class="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">The plan</h2>
      <p>
        {totals.accounts} accounts. Nothing has been written to VoipNow yet; running the plan plans again first and says which accounts
        changed meanwhile.
      </p>
      <TableScroll label="The plan per level">
        <table>
          <caption class="visually-hidden">What the run would do, per level</caption>
          <thead>
            <tr>
              <th scope="col">Level</th>
              {PLAN_COLUMNS.map((action) => (
                <th scope="col" class="num" key={action}>
                  {ACTION_TEXT[action]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LEVELS.map((level) => (
              <tr key={level}>
                <th scope="row">{LEVEL_TEXT[level]}</th>
                {PLAN_COLUMNS.map((action) => (
                  <td
                    class={action === 'fail' && totals.byLevel[level][action] > 0 ? 'num text-error' : 'num'}
                    key={action}
                    data-plan={`${level}-${action}`}
                  >
                    {totals.byLevel[level][action]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {reasons.length > 0 && (
        <>
          <h3>Predicted failures</h3>
          <ul class="reasons">
            {reasons.map(([type, count]) => (
              <li key={type}>
                <ErrorIcon /> <strong>{count}</strong> {reasonTexts?.[type] ?? type}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Accounts</h3>
      <TableScroll label="The accounts of the plan">
        <table class="stack">
          <caption class="visually-hidden">The accounts of the plan, in the order the run takes them</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Would</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.seq} class={item.action === 'fail' ? 'row-error' : undefined}>
                <td data-label="Account">
                  <a href={accountPath(item.account)}>{item.name}</a>
                  <span class="kind">{item.kind}</span>
                </td>
                <td data-label="Would">{ACTION_TEXT[item.action]}</td>
                <td data-label="Details">
                  {item.reasonText ?? (item.template ? `template ${item.template}` : (item.detail ?? <span class="muted">–</span>))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <nav class="pager" aria-label="Plan pages">
        <span>
          Accounts {items.length === 0 ? 0 : (cursors.length - 1) * PLAN_PAGE + 1}–{(cursors.length - 1) * PLAN_PAGE + items.length} of{' '}
          {totals.accounts}
        </span>
        <button type="button" class="button-secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          class="button-secondary"
          disabled={nextCursor === null}
          onClick={() => nextCursor !== null && setCursors([...cursors, nextCursor])}
        >
          Next page
        </button>
      </nav>
      <div class="actions">
        <button type="button" onClick={onRun} disabled={running}>
          {running ? 'Starting…' : 'Run this plan'}
        </button>
      </div>
    </section>
  );
}

function LevelCounts({ progress }: { progress: BulkProgress }) {
  const levels = progress.levels;
  if (!levels) return null;
  return (
    <TableScroll label="Progress per level">
      <table>
        <caption class="visually-hidden">Progress per level</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col" class="num">
              Done
            </th>
            <th scope="col" class="num">
              Failed
            </th>
            <th scope="col" class="num">
              Skipped
            </th>
            <th scope="col" class="num">
              Remaining
            </th>
          </tr>
        </thead>
        <tbody>
          {LEVELS.map((level) => (
            <tr key={level} aria-current={progress.phase === level ? 'step' : undefined}>
              <th scope="row">{LEVEL_TEXT[level]}</th>
              <td class="num" data-level={`${level}-done`}>
                {levels[level].done}
              </td>
              <td class={levels[level].failed > 0 ? 'num text-error' : 'num'} data-level={`${level}-failed`}>
                {levels[level].failed}
              </td>
              <td class="num" data-level={`${level}-skipped`}>
                {levels[level].skipped}
              </td>
              <td class="num" data-level={`${level}-remaining`}>
                {levels[level].remaining}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Progress({ status }: { status: Followed }) {
  const p = status.progress;
  const finished = p ? p.done + p.failed + p.skipped : 0;
  const running = status.status === 'running';
  return (
    <section class="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading">
        {running ? 'Replicating…' : status.status === 'completed' ? 'Bulk replication finished' : `Bulk replication ${status.status}`}
      </h2>
      {p ? (
        <>
          <label for="bulk-progress" class="visually-hidden">
            Accounts handled
          </label>
          <progress id="bulk-progress" max={Math.max(p.total, 1)} value={p.total === 0 && !running ? 1 : finished} />
          <p class="progress-text" aria-live="polite">
            {finished} of {p.total} accounts handled · {PHASE_TEXT[p.phase] ?? p.phase}
          </p>
          <dl class="counters">
            <div>
              <dt>Done</dt>
              <dd data-counter="done">{p.done}</dd>
            </div>
            <div class={p.failed > 0 ? 'text-error' : undefined}>
              <dt>Failed</dt>
              <dd data-counter="failed">{p.failed}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd data-counter="skipped">{p.skipped}</dd>
            </div>
            <div>
              <dt>Remaining</dt>
              <dd data-counter="remaining">{p.remaining}</dd>
            </div>
          </dl>
          <LevelCounts progress={p} />
          {p.skipped > 0 && <p class="muted">Skipped accounts were not tried because their parent is not replicated.</p>}
        </>
      ) : (
        <p aria-live="polite">Starting…</p>
      )}
      {status.reason && <Notice tone="error">{status.reason}</Notice>}
      <p class="links">
        {p && p.failed > 0 && <a href="/console/log?level=error">Open the failures in the replication log</a>}
        <ExternalLink href={status.webUiUrl}>Open in the Temporal Web UI</ExternalLink>
      </p>
    </section>
  );
}

/** What the progress card shows, from a bulk replication's status or from a plan's run. */
type Followed = Pick<BulkStatus, 'status' | 'progress' | 'reason' | 'webUiUrl'>;

const fromPlanRun = (run: PlanRun): Followed => ({
  status: run.status,
  progress: run.progress ?? null,
  webUiUrl: run.webUiUrl,
  ...(run.reason ? { reason: run.reason } : {}),
});

export function Bulk() {
  useTitle('Bulk replication');
  const { session, server } = useSession();
  const admin = isAdmin(session);
  const { path, query, route } = useLocation();
  // The URL holds what is shown, so a reload keeps it: a direct run (?run=), a plan (?plan=), a plan's run (?plan=&ran=1).
  const run = query.run ?? '';
  const planId = query.plan ?? '';
  const ran = planId !== '' && query.ran === '1';
  const [scope, setScope] = useState<'all' | 'subtree'>(query.root || !admin ? 'subtree' : 'all');
  const [root, setRoot] = useState(query.root ?? session.account ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'plan' | 'run' | 'runPlan'>();

  const followed = useLoad<Followed | undefined>(() => {
    if (run) return get<BulkStatus>(`/bulk-replications/${encodeURIComponent(run)}`);
    if (ran) return get<PlanRun>(`/plans/${encodeURIComponent(planId)}/run`).then(fromPlanRun);
    return Promise.resolve(undefined);
  }, [run, planId, ran]);
  const following = run !== '' || ran;
  usePolling(() => followed.reload(), 1000, following && (followed.data === undefined || followed.data.status === 'running'));

  const body = () => (scope === 'all' ? { scope, pleskServer: server } : { scope, root: root.trim() });
  const act = async (what: 'plan' | 'run' | 'runPlan', call: () => Promise<Record<string, string | undefined>>) => {
    setBusy(what);
    setError(undefined);
    try {
      route(withQuery(path, await call()));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(undefined);
    }
  };
  const seePlan = () => act('plan', async () => ({ plan: (await post<{ id: string }>('/plans', body())).id }));
  const start = () => act('run', async () => ({ run: (await post<{ workflowId: string }>('/bulk-replications', body())).workflowId }));
  const runPlan = () =>
    act('runPlan', async () => {
      await post(`/plans/${encodeURIComponent(planId)}/run`);
      return { plan: planId, ran: '1' };
    });
  const runningNow = following && followed.data?.status === 'running';

  return (
    <>
      <h1>Bulk replication</h1>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void seePlan();
        }}
      >
        <fieldset>
          <legend>What to replicate</legend>
          {admin && (
            <label class="check">
              <input type="radio" name="scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} /> The whole estate of{' '}
              {server}
            </label>
          )}
          <label class="check">
            <input type="radio" name="scope" value="subtree" checked={scope === 'subtree'} onChange={() => setScope('subtree')} /> One
            account and everything below it
          </label>
          <div class="field">
            <label for="root">Account key</label>
            <input
              id="root"
              name="root"
              value={root}
              placeholder={`${server}/reseller/2`}
              disabled={scope !== 'subtree'}
              required={scope === 'subtree'}
              onInput={(e) => setRoot(e.currentTarget.value)}
            />
          </div>
        </fieldset>
        <p class="muted">
          Parents are replicated first: resellers and clients, then domains, then mailboxes. Accounts already linked are left as they are.
          See the plan first to know what each account would get before anything is written to VoipNow.
        </p>
        {error && <Notice tone="error">{error}</Notice>}
        <div class="actions">
          <button type="submit" disabled={busy !== undefined}>
            {busy === 'plan' ? 'Planning…' : 'See the plan'}
          </button>
          <button type="button" class="button-secondary" disabled={busy !== undefined || runningNow} onClick={() => void start()}>
            {busy === 'run' ? 'Starting…' : 'Run bulk replication'}
          </button>
        </div>
      </form>
      {planId !== '' && !ran && <BulkPlan id={planId} onRun={() => void runPlan()} running={busy === 'runPlan'} />}
      {followed.error && <Notice tone="error">{followed.error}</Notice>}
      {followed.data && <Progress status={followed.data} />}
    </>
  );
}
