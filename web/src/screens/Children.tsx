/** The domains of a reseller or client, or the mailboxes of a domain (or of all domains of a reseller or client). */
import { accountPath, get } from '../api';
import { AccountsTable, ListFilters, useListQuery } from '../components/AccountsTable';
import { Loading, Notice } from '../components/ui';
import { useLoad, useTitle } from '../hooks';
import type { AccountPage, AccountView } from '../types';

export function Children({ server, kind, id, view }: { server: string; kind: string; id: string; view: 'domains' | 'mailboxes' }) {
  const key = `${server}/${kind}/${id}`;
  const { query, update } = useListQuery();
  const owner = useLoad(() => get<AccountView>(`/accounts/${key}`), [key]);
  const page = useLoad(
    () =>
      get<AccountPage>(`/accounts/${key}/${view}`, {
        search: query.search,
        state: query.state,
        reason: query.reason,
        offset: query.offset,
        limit: query.limit,
      }),
    [key, view, query.search, query.state, query.reason, query.offset, query.limit],
  );
  const name = owner.data?.plesk?.name ?? key;
  const what = view === 'domains' ? 'Domains' : 'Mailboxes';
  useTitle(`${what} of ${name}`);

  return (
    <>
      <p class="breadcrumb">
        <a href="/console/">Clients &amp; Resellers</a> › <a href={accountPath(key)}>{name}</a>
      </p>
      <h1>
        {what} of {name}
      </h1>
      <ListFilters query={query} update={update} label={what} />
      {(page.error ?? owner.error) && <Notice tone="error">{page.error ?? owner.error}</Notice>}
      {page.data ? (
        <AccountsTable page={page.data} caption={`${what} of ${name}`} showOwner={view === 'domains' && kind === 'reseller'} />
      ) : (
        !page.error && <Loading what={what.toLowerCase()} />
      )}
    </>
  );
}
