/** Discovery (admins): the five-minute scan of Plesk, its last and next run, pause, resume and run now. */
import { useState } from 'preact/hooks';
import { get, messageOf, post } from '../api';
import { ExternalLink, Loading, Notice, Time } from '../components/ui';
import { useLoad, usePolling, useTitle } from '../hooks';
import { useSession } from '../session';
import type { DiscoveryState } from '../types';

export function Discovery() {
  useTitle('Discovery');
  const { server } = useSession();
  const state = useLoad(() => get<DiscoveryState>(`/discovery/${server}`), [server]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Refresh while a run is under way, and now and then to move "next run" along.
  usePolling(() => state.reload(), state.data?.running ? 2000 : 15_000, state.data !== undefined);

  const act = async (action: 'pause' | 'resume' | 'run') => {
    setBusy(true);
    setError(undefined);
    try {
      await post(`/discovery/${server}/${action}`, action === 'pause' && note.trim() ? { note: note.trim() } : {});
      setNote('');
      await state.reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const s = state.data;
  const result = s?.lastRun?.result;
  return (
    <>
      <h1>Discovery</h1>
      <p class="muted">
        Discovery reads Plesk every five minutes, records what changed, and replicates newly added accounts of the levels that replicate
        automatically.
      </p>
      {(state.error ?? error) && <Notice tone="error">{state.error ?? error}</Notice>}
      {!s ? (
        !state.error && <Loading what="the discovery schedule" />
      ) : (
        <>
          <section class="card" aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">Schedule</h2>
            <dl class="facts">
              <div>
                <dt>State</dt>
                <dd>{s.paused ? 'Paused' : s.running ? 'Running now' : 'Active'}</dd>
              </div>
              {s.paused && s.note && (
                <div>
                  <dt>Note</dt>
                  <dd>{s.note}</dd>
                </div>
              )}
              <div>
                <dt>Next run</dt>
                <dd>{s.nextRunAt ? <Time iso={s.nextRunAt} /> : 'none while paused'}</dd>
              </div>
            </dl>
            <div class="actions">
              {s.paused ? (
                <button type="button" onClick={() => void act('resume')} disabled={busy}>
                  Resume
                </button>
              ) : (
                <>
                  <div class="field">
                    <label for="pause-note">Why (for the other admins, optional)</label>
                    <input id="pause-note" value={note} maxLength={500} onInput={(e) => setNote(e.currentTarget.value)} />
                  </div>
                  <button type="button" class="button-secondary" onClick={() => void act('pause')} disabled={busy}>
                    Pause
                  </button>
                </>
              )}
              <button type="button" onClick={() => void act('run')} disabled={busy || s.running}>
                Run now
              </button>
            </div>
          </section>
          <section class="card" aria-labelledby="last-heading">
            <h2 id="last-heading">Last run</h2>
            {!s.lastRun ? (
              <p class="muted">Discovery has not run yet.</p>
            ) : (
              <>
                <dl class="facts">
                  <div>
                    <dt>Started</dt>
                    <dd>
                      <Time iso={s.lastRun.startedAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>Status</dt>
                    <dd>{s.lastRun.status}</dd>
                  </div>
                  {result && (
                    <>
                      <div>
                        <dt>Accounts in Plesk</dt>
                        <dd>{result.accounts}</dd>
                      </div>
                      <div>
                        <dt>Found</dt>
                        <dd>
                          {result.new} new, {result.changed} changed, {result.moved} moved, {result.vanished} vanished
                        </dd>
                      </div>
                      <div>
                        <dt>Replication</dt>
                        <dd>
                          {result.baseline
                            ? 'first scan: the existing accounts are recorded, none is replicated automatically (use a bulk replication)'
                            : result.replicationStarted
                              ? 'started for what is new'
                              : 'nothing new to start'}
                        </dd>
                      </div>
                      <div>
                        <dt>Took</dt>
                        <dd>{result.seconds.toFixed(1)} s</dd>
                      </div>
                    </>
                  )}
                </dl>
                <p>
                  <ExternalLink href={s.lastRun.webUiUrl}>Open in the Temporal Web UI</ExternalLink>
                </p>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
