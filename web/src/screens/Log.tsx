/**
 * The replication log: newest first, filtered by level, account and time, older entries on
 * request, and live follow (new entries appear on top as they are written).
 */
import { useEffect, useState } from 'preact/hooks';
import { ReasonSelect } from '../components/ReasonSelect';
import { useLocation } from 'preact-iso';
import { get, messageOf, withQuery } from '../api';
import { LogTable } from '../components/LogTable';
import { Loading, Notice } from '../components/ui';
import { usePolling, useTitle } from '../hooks';
import { useSession } from '../session';
import type { LogEntry } from '../types';

interface LogPage {
  items: LogEntry[];
  nextBeforeId: number | null;
}

const PAGE = 100;
const LEVELS = [
  ['', 'All'],
  ['warning', 'Warnings and errors'],
  ['error', 'Errors'],
] as const;

/** datetime-local (the browser's time zone) ↔ the API's ISO time. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso: string) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function Log() {
  useTitle('Replication log');
  const { server } = useSession();
  const { path, query, route } = useLocation();
  const filters = {
    level: query.level ?? '',
    account: query.account ?? '',
    reason: query.reason ?? '',
    since: query.since ?? '',
    until: query.until ?? '',
  };
  const [entries, setEntries] = useState<LogEntry[]>();
  const [nextBeforeId, setNextBeforeId] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const [follow, setFollow] = useState(false);
  const apiQuery = {
    pleskServer: filters.account ? undefined : server,
    account: filters.account || undefined,
    level: filters.level || undefined,
    reason: filters.reason || undefined,
    since: filters.since || undefined,
    until: filters.until || undefined,
  };

  useEffect(() => {
    setEntries(undefined);
    get<LogPage>('/log', { ...apiQuery, limit: PAGE })
      .then((page) => {
        setEntries(page.items);
        setNextBeforeId(page.nextBeforeId);
        setError(undefined);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [server, filters.level, filters.account, filters.reason, filters.since, filters.until]);

  usePolling(
    async () => {
      const newest = entries?.[0]?.id ?? 0;
      const page = await get<LogPage>('/log', { ...apiQuery, afterId: newest, limit: 500 });
      if (page.items.length > 0) setEntries((current) => [...[...page.items].reverse(), ...(current ?? [])]);
    },
    2000,
    follow && entries !== undefined,
  );

  const older = async () => {
    if (nextBeforeId === null) return;
    try {
      const page = await get<LogPage>('/log', { ...apiQuery, beforeId: nextBeforeId, limit: PAGE });
      setEntries((current) => [...(current ?? []), ...page.items]);
      setNextBeforeId(page.nextBeforeId);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    route(
      withQuery(path, {
        level: value('level'),
        account: value('account'),
        reason: value('reason'),
        since: toIso(value('since')),
        until: toIso(value('until')),
      }),
    );
  };

  return (
    <>
      <h1>Replication log</h1>
      <form class="filters" role="search" aria-label="Filter the log" onSubmit={submit} key={JSON.stringify(filters)}>
        <div class="field">
          <label for="level">Level</label>
          <select id="level" name="level">
            {LEVELS.map(([value, text]) => (
              <option key={value} value={value} selected={filters.level === value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="account">Account</label>
          <input
            id="account"
            name="account"
            placeholder={`${server}/client/7`}
            defaultValue={filters.account}
            pattern="[a-z0-9][a-z0-9_\-]*/(reseller|client|domain|mailbox)/[0-9]+(\.[0-9]+)?"
          />
        </div>
        <ReasonSelect value={filters.reason} />
        <div class="field">
          <label for="since">From</label>
          <input id="since" name="since" type="datetime-local" defaultValue={toLocal(filters.since)} />
        </div>
        <div class="field">
          <label for="until">To</label>
          <input id="until" name="until" type="datetime-local" defaultValue={toLocal(filters.until)} />
        </div>
        <button type="submit">Filter</button>
        <label class="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> Follow live
        </label>
      </form>
      {error && <Notice tone="error">{error}</Notice>}
      {entries ? <LogTable entries={entries} label="Replication log" /> : !error && <Loading what="the log" />}
      {entries && nextBeforeId !== null && (
        <p>
          <button type="button" class="button-secondary" onClick={() => void older()}>
            Show older entries
          </button>
        </p>
      )}
    </>
  );
}
