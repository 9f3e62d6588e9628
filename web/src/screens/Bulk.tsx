/**
 * Bulk replication: the whole estate (admins) or one subtree, parents first, with a live
 * progress bar (done, failed, skipped, remaining, and the level being worked on). The run's
 * handle stays in the URL (?run=), so a reload keeps watching it.
 *
 * The plan (a dry run: what would be created, adopted, skipped or fail, without writing to
 * VoipNow) comes with issue 11; it belongs between choosing the scope and running: see
 * `BulkPlan` below, which the form renders before its Run button.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { get, messageOf, post, withQuery } from '../api';
import { ExternalLink, Notice } from '../components/ui';
import { useLoad, usePolling, useTitle } from '../hooks';
import { isAdmin, useSession } from '../session';
import type { BulkStatus } from '../types';

const PHASE_TEXT: Record<string, string> = {
  planning: 'Finding the accounts to replicate',
  resellers: 'Replicating resellers and clients',
  domains: 'Replicating domains',
  mailboxes: 'Replicating mailboxes',
  done: 'Finished',
};

/** The hook for issue 11's plan (dry run) of the chosen scope; nothing to show until then. */
function BulkPlan(_props: { scope: 'all' | 'subtree'; root: string }) {
  return null;
}

function Progress({ status }: { status: BulkStatus }) {
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

export function Bulk() {
  useTitle('Bulk replication');
  const { session, server } = useSession();
  const admin = isAdmin(session);
  const { path, query, route } = useLocation();
  const run = query.run ?? '';
  const [scope, setScope] = useState<'all' | 'subtree'>(query.root || !admin ? 'subtree' : 'all');
  const [root, setRoot] = useState(query.root ?? session.account ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const status = useLoad(
    () => (run ? get<BulkStatus>(`/bulk-replications/${encodeURIComponent(run)}`) : Promise.resolve(undefined)),
    [run],
  );
  usePolling(() => status.reload(), 1000, run !== '' && (status.data === undefined || status.data.status === 'running'));

  const start = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = scope === 'all' ? { scope, pleskServer: server } : { scope, root: root.trim() };
      const started = await post<{ workflowId: string }>('/bulk-replications', body);
      route(withQuery(path, { run: started.workflowId }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Bulk replication</h1>
      <form class="card" onSubmit={(e) => void start(e)}>
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
        </p>
        <BulkPlan scope={scope} root={root} />
        {error && <Notice tone="error">{error}</Notice>}
        <div class="actions">
          <button type="submit" disabled={busy || (run !== '' && status.data?.status === 'running')}>
            {busy ? 'Starting…' : 'Run bulk replication'}
          </button>
        </div>
      </form>
      {status.error && <Notice tone="error">{status.error}</Notice>}
      {status.data && <Progress status={status.data} />}
    </>
  );
}
