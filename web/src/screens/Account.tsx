/**
 * One account: what Plesk has, its link ("Replicated with VoipNow id N"), its actions, its
 * attempts with reasons, advice and Temporal Web UI links, and its log.
 */
import { useEffect, useState } from 'preact/hooks';
import { accountPath, get } from '../api';
import { reasonAdvice } from '../advice';
import { OutcomeNotice, type Outcome } from '../components/ActionResult';
import { AccountActions } from '../components/AccountActions';
import { ownerText } from '../components/AccountsTable';
import { LogTable } from '../components/LogTable';
import { TemplatePreferences } from '../components/TemplatePreferences';
import { ExternalLink, Loading, Notice, OutcomeBadge, StateBadge, TableScroll, Time } from '../components/ui';
import { useLoad, usePolling, useTitle } from '../hooks';
import { isAdmin, useSession } from '../session';
import type { AccountView } from '../types';

const OPERATION_TEXT: Record<string, string> = { replicate: 'Replicate', link: 'Link', unlink: 'Unlink', move: 'Move' };

export function Account({ server, kind, id }: { server: string; kind: string; id: string }) {
  const key = `${server}/${kind}/${id}`;
  const { session } = useSession();
  const admin = isAdmin(session);
  const view = useLoad(() => get<AccountView>(`/accounts/${key}`), [key]);
  const [outcome, setOutcome] = useState<Outcome>();
  const name = view.data?.plesk?.name ?? key;
  useTitle(name);
  // The owner by name; a client may not see its reseller, and then it stays "reseller 3".
  const ownerKey = view.data?.plesk?.owner && view.data.plesk.owner !== 'admin' ? view.data.plesk.owner : undefined;
  const owner = useLoad(
    () => (ownerKey ? get<AccountView>(`/accounts/${ownerKey}`).catch(() => undefined) : Promise.resolve(undefined)),
    [ownerKey],
  );
  const ownerNames = new Map(ownerKey && owner.data?.plesk ? [[ownerKey, owner.data.plesk.name]] : []);

  // While an action runs, follow it until its execution closes.
  const running = outcome?.kind === 'running' ? outcome.workflowId : undefined;
  usePolling(
    async () => {
      await view.reload();
    },
    1500,
    running !== undefined,
  );
  useEffect(() => {
    const data = view.data;
    if (!running || !data) return;
    const stillRunning =
      data.executions.some((e) => e.workflowId === running && e.status === 'RUNNING') ||
      data.attempts.some((a) => a.workflowId === running && (a.outcome === 'running' || a.outcome === 'retrying'));
    if (stillRunning || !data.executions.some((e) => e.workflowId === running)) return;
    const last = data.attempts.filter((a) => a.workflowId === running).at(-1);
    setOutcome(
      last?.outcome === 'failed'
        ? {
            kind: 'failed',
            message: last.reason ?? 'The action failed',
            ...(adviceOf(last) ? { advice: adviceOf(last)! } : {}),
            webUiUrl: last.webUiUrl,
          }
        : { kind: 'done', message: `${name}: done.` },
    );
  }, [view.data, running, name]);

  if (view.error && !view.data) {
    return (
      <>
        <h1>Account</h1>
        <Notice tone="error">{view.error}</Notice>
      </>
    );
  }
  const data = view.data;
  if (!data) return <Loading what="the account" />;
  const plesk = data.plesk;
  const attempts = [...data.attempts].reverse();

  return (
    <>
      <p class="breadcrumb">
        <a href="/console/">Clients &amp; Resellers</a>
        {plesk?.owner && plesk.owner !== 'admin' && (
          <>
            {' › '}
            <a href={accountPath(plesk.owner)}>{ownerText(plesk.owner, ownerNames)}</a>
          </>
        )}
      </p>
      <h1>
        {name} <span class="kind">{kind}</span>
      </h1>
      {plesk?.vanished && <Notice tone="warning">This account no longer exists in Plesk (discovery no longer sees it).</Notice>}
      {plesk?.unlinked && !data.link && (
        <Notice tone="info">
          This account was {plesk.unlinked}. Automatic replication leaves it alone; replicate it or link it to bring it back.
        </Notice>
      )}
      <dl class="facts">
        <div>
          <dt>Login</dt>
          <dd>{plesk?.login ?? '–'}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>{plesk?.email ?? '–'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>
            {plesk?.owner && plesk.owner !== 'admin' ? (
              <a href={accountPath(plesk.owner)}>{ownerText(plesk.owner, ownerNames)}</a>
            ) : (
              ownerText(plesk?.owner ?? null)
            )}
          </dd>
        </div>
        <div>
          <dt>Account key</dt>
          <dd>
            <code>{data.account}</code>
          </dd>
        </div>
      </dl>

      <section class="card link-state" aria-labelledby="link-heading">
        <h2 id="link-heading" class="visually-hidden">
          VoipNow link
        </h2>
        {data.link ? (
          <p class="linked">
            <strong>
              {data.link.origin === 'linked' ? 'Linked with' : 'Replicated with'} VoipNow id {data.link.voipnowId}
            </strong>{' '}
            <span class="muted">
              (VoipNow {data.link.voipnowKind}
              {data.link.voipnowLogin ? `, login ${data.link.voipnowLogin}` : ''}, since <Time iso={data.link.linkedAt} />)
            </span>
          </p>
        ) : (
          <p>
            <StateBadge state={data.state} />{' '}
            {data.state === 'failed' && attempts[0]?.reason && <span class="reason">{attempts[0].reason}</span>}
          </p>
        )}
      </section>

      {outcome && <OutcomeNotice outcome={outcome} />}
      <AccountActions
        view={data}
        kind={kind}
        name={name}
        admin={admin}
        own={!admin && session.account === key}
        onOutcome={(o) => {
          setOutcome(o);
          void view.reload();
        }}
      />

      {(kind === 'reseller' || kind === 'client') && (admin || session.account === key) && (
        <section aria-labelledby="templates-heading">
          <h2 id="templates-heading">Template preferences</h2>
          {/* Its templates are known once it is linked: load them again when the link changes. */}
          <TemplatePreferences key={data.link?.voipnowId ?? 'unlinked'} account={key} admin={admin} />
        </section>
      )}

      <section aria-labelledby="attempts">
        <h2 id="attempts" tabIndex={-1}>
          Attempts
        </h2>
        {attempts.length === 0 ? (
          <p class="muted">No attempts yet.</p>
        ) : (
          <TableScroll label="Attempts">
            <table class="stack">
              <caption class="visually-hidden">Attempts</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    #
                  </th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                  <th scope="col">History</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.number} class={a.outcome === 'failed' ? 'row-error' : undefined}>
                    <td class="num" data-label="#">
                      {a.number}
                    </td>
                    <td data-label="Action">{OPERATION_TEXT[a.operation] ?? a.operation}</td>
                    <td data-label="Outcome">
                      <OutcomeBadge outcome={a.outcome} />
                    </td>
                    <td data-label="Reason">
                      {a.reason ?? <span class="muted">–</span>}
                      {adviceOf(a) && <span class="advice">{adviceOf(a)}</span>}
                    </td>
                    <td data-label="Started">
                      <Time iso={a.startedAt} />
                    </td>
                    <td data-label="Finished">
                      <Time iso={a.finishedAt} />
                    </td>
                    <td class="nowrap" data-label="History">
                      <ExternalLink href={a.webUiUrl}>Web UI</ExternalLink>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Log</h2>
        <LogTable entries={data.log} label={`Log of ${name}`} showAccount={false} />
      </section>
    </>
  );
}

/** What to do about an attempt's reason: the API's advice, else the console's own words. */
function adviceOf(attempt: { reasonType: string | null; advice?: string | null }): string | undefined {
  return attempt.advice ?? reasonAdvice(attempt.reasonType) ?? undefined;
}
