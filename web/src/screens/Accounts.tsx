/** Clients & Resellers: every Plesk reseller and client, replicated or not (a customer: its own subtree). */
import { get } from '../api';
import { AccountsTable, ListFilters, useListQuery } from '../components/AccountsTable';
import { Loading, Notice } from '../components/ui';
import { useLoad, useTitle } from '../hooks';
import { useSession } from '../session';
import type { AccountPage } from '../types';

const KIND_TEXT: Record<string, string> = { reseller: 'Resellers', client: 'Clients', domain: 'Domains', mailbox: 'Mailboxes' };

export function Accounts() {
  useTitle('Clients & Resellers');
  const { server } = useSession();
  const { query, update } = useListQuery();
  const page = useLoad(
    () =>
      get<AccountPage>(`/accounts/${server}`, {
        search: query.search,
        state: query.state,
        owner: query.owner,
        reason: query.reason,
        offset: query.offset,
        limit: query.limit,
      }),
    [server, query.search, query.state, query.owner, query.reason, query.offset, query.limit],
  );

  return (
    <>
      <h1>Clients &amp; Resellers</h1>
      {page.data?.summary && (
        <dl class="summary">
          {page.data.summary.map((line) => (
            <div key={line.kind}>
              <dt>{KIND_TEXT[line.kind] ?? line.kind}</dt>
              <dd>
                {line.all} <span class="muted">all</span> · {line.replicated} <span class="muted">replicated</span>
                {line.failed > 0 && (
                  <>
                    {' '}
                    · <span class="text-error">{line.failed} failed</span>
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <ListFilters query={query} update={update} label="Clients & Resellers" showOwner />
      {page.error && <Notice tone="error">{page.error}</Notice>}
      {page.data ? (
        <AccountsTable page={page.data} caption="Clients and resellers" ownerFilter />
      ) : (
        !page.error && <Loading what="accounts" />
      )}
    </>
  );
}
