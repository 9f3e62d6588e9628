/**
 * A page of accounts with search, state filter and paging, kept in the URL so Back and a shared
 * link show the same page. Paging and filtering happen in the API's SQL (fast at 100,000 accounts).
 */
import { useLocation } from 'preact-iso';
import { accountPath, withQuery } from '../api';
import type { AccountPage, AccountRow, Count } from '../types';
import { ReasonSelect } from './ReasonSelect';
import { Notice, Pager, StateBadge, TableScroll } from './ui';

export const STATE_CHOICES = [
  ['', 'Any state'],
  ['replicated', 'Replicated'],
  ['not-replicated', 'Not replicated'],
  ['failed', 'Failed'],
  ['replicating', 'Replicating'],
] as const;

export interface ListQuery {
  search: string;
  state: string;
  /** An account key, or 'admin' for the Plesk admin's own accounts. */
  owner: string;
  reason: string;
  offset: number;
  limit: number;
}

export function useListQuery(): { query: ListQuery; update(change: Partial<ListQuery>): void } {
  const { path, query, route } = useLocation();
  const current: ListQuery = {
    search: query.search ?? '',
    state: query.state ?? '',
    owner: query.owner ?? '',
    reason: query.reason ?? '',
    offset: Math.max(0, Number(query.offset) || 0),
    limit: [25, 50, 100].includes(Number(query.limit)) ? Number(query.limit) : 50,
  };
  return {
    query: current,
    update(change) {
      const next = { ...current, ...change };
      // A new filter starts from the first page.
      if (change.offset === undefined) next.offset = 0;
      route(
        withQuery(path, {
          search: next.search,
          state: next.state,
          owner: next.owner,
          reason: next.reason,
          offset: next.offset || undefined,
          limit: next.limit === 50 ? undefined : next.limit,
        }),
      );
    },
  };
}

export function ListFilters({
  query,
  update,
  label,
  showOwner = false,
}: {
  query: ListQuery;
  update(change: Partial<ListQuery>): void;
  label: string;
  /** Offer the owner filter (the Clients & Resellers view; an owner's row offers "only theirs"). */
  showOwner?: boolean;
}) {
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    update({
      search: value('search'),
      state: value('state'),
      owner: value('owner'),
      reason: value('reason'),
      limit: Number(value('limit')),
    });
  };
  return (
    <form class="filters" role="search" aria-label={`Search ${label}`} onSubmit={submit}>
      <div class="field">
        <label for="search">Name, login or e-mail</label>
        <input id="search" name="search" type="search" defaultValue={query.search} key={`s${query.search}`} />
      </div>
      <div class="field">
        <label for="state">State</label>
        <select id="state" name="state" value={query.state} onChange={(e) => update({ state: e.currentTarget.value })}>
          {STATE_CHOICES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      {showOwner && (
        <div class="field">
          <label for="owner">Owner</label>
          <select id="owner" name="owner" value={query.owner} onChange={(e) => update({ owner: e.currentTarget.value })}>
            <option value="">Any owner</option>
            <option value="admin">Plesk admin</option>
            {query.owner && query.owner !== 'admin' && <option value={query.owner}>{ownerText(query.owner)}</option>}
          </select>
        </div>
      )}
      <ReasonSelect value={query.reason} onChange={(reason) => update({ reason })} />
      <div class="field">
        <label for="limit">Rows per page</label>
        <select id="limit" name="limit" value={String(query.limit)} onChange={(e) => update({ limit: Number(e.currentTarget.value) })}>
          {[25, 50, 100].map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}

/** An owner by name when known, else "reseller 3"; the Plesk admin by name. */
export function ownerText(owner: string | null, names?: ReadonlyMap<string, string>): string {
  if (!owner || owner === 'admin') return 'Plesk admin';
  const known = names?.get(owner);
  if (known) return known;
  const [, kind, id] = owner.split('/');
  return `${kind} ${id}`;
}

function Counts({ of, row, count }: { of: 'domains' | 'mailboxes'; row: AccountRow; count: Count | null }) {
  if (!count) return <span class="muted">–</span>;
  const base = `${accountPath(row.account)}/${of}`;
  const what = of === 'domains' ? 'Domains' : 'Mailboxes';
  return (
    <span class="counts">
      <a href={base}>
        <span class="visually-hidden">{`${what} of ${row.name}, all: `}</span>
        {count.all}
      </a>
      {' / '}
      <a href={`${base}?state=replicated`}>
        <span class="visually-hidden">{`${what} of ${row.name}, replicated: `}</span>
        {count.replicated}
      </a>
    </span>
  );
}

export function AccountsTable({
  page,
  caption,
  showOwner = true,
  ownerFilter = false,
}: {
  page: AccountPage;
  caption: string;
  showOwner?: boolean;
  /** Each owner offers "only theirs", which filters the list by that owner. */
  ownerFilter?: boolean;
}) {
  const { query, update } = useListQuery();
  if (page.items.length === 0) return <Notice>No accounts match.</Notice>;
  const hasDomains = page.items.some((row) => row.domains);
  const hasMailboxes = page.items.some((row) => row.mailboxes);
  const hasLogin = page.items.some((row) => row.login && row.login !== row.name);
  // Owners on the same page (a reseller above its clients) are named rather than numbered.
  const names = new Map(page.items.map((row) => [row.account, row.name]));
  return (
    <>
      <TableScroll label={caption}>
        <table class="stack">
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {hasLogin && <th scope="col">Login</th>}
              {showOwner && <th scope="col">Owner</th>}
              <th scope="col">State</th>
              <th scope="col" class="num">
                Attempts
              </th>
              {hasDomains && (
                <th scope="col" class="num">
                  Domains <span class="sub">all / replicated</span>
                </th>
              )}
              {hasMailboxes && (
                <th scope="col" class="num">
                  Mailboxes <span class="sub">all / replicated</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {page.items.map((row) => (
              <tr key={row.account} class={row.state === 'failed' ? 'row-error' : undefined}>
                <td data-label="Name">
                  <a href={accountPath(row.account)}>{row.name}</a>
                  <span class="kind">{row.kind}</span>
                </td>
                {hasLogin && <td data-label="Login">{row.login ?? <span class="muted">–</span>}</td>}
                {showOwner && (
                  <td data-label="Owner">
                    {row.owner && row.owner !== 'admin' ? (
                      <a href={accountPath(row.owner)}>{ownerText(row.owner, names)}</a>
                    ) : (
                      ownerText(row.owner)
                    )}
                    {ownerFilter && row.owner && query.owner !== row.owner && (
                      <button type="button" class="button-link sub" onClick={() => update({ owner: row.owner ?? '' })}>
                        only theirs<span class="visually-hidden">{`: the accounts of ${ownerText(row.owner, names)}`}</span>
                      </button>
                    )}
                  </td>
                )}
                <td data-label="State">
                  <StateBadge state={row.state} />
                  {row.link && <span class="sub">VoipNow id {row.link.voipnowId}</span>}
                  {row.state === 'failed' && row.lastAttempt?.reason && <span class="reason">{row.lastAttempt.reason}</span>}
                </td>
                <td class="num" data-label="Attempts">
                  {row.attempts > 0 ? (
                    <a href={`${accountPath(row.account)}#attempts`}>
                      {row.attempts}
                      <span class="visually-hidden"> attempts of {row.name}</span>
                    </a>
                  ) : (
                    0
                  )}
                </td>
                {hasDomains && (
                  <td class="num" data-label="Domains (all / replicated)">
                    <Counts of="domains" row={row} count={row.domains} />
                  </td>
                )}
                {hasMailboxes && (
                  <td class="num" data-label="Mailboxes (all / replicated)">
                    <Counts of="mailboxes" row={row} count={row.mailboxes} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pager total={page.total} limit={page.limit} offset={page.offset} label={caption} onPage={(offset) => update({ offset })} />
    </>
  );
}
