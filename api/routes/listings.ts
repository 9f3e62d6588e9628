/**
 * The "Clients & Resellers" view (every Plesk reseller and client, replicated or not) and the
 * domains and mailboxes of one account, from discovery's snapshot (db/listing.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { REPLICATION_STATES, listAccounts, stateOf, summarize, type ListingOf, type ListingRow } from '../../db/listing';
import { REASON_TYPES, parseKey, reasonAdvice, type AccountKey } from '../../domain';
import { assertCanSee, assertServer, identityOf, scopeOf } from '../access';
import { CUSTOMERS } from '../auth';
import { ApiError } from '../errors';
import { AccountKeyString, AccountPage, AccountParams, Paging, STANDARD_ERRORS, ServerParams, errorReplies } from '../schemas';

const ListingQuery = Type.Object({
  ...Paging.properties,
  state: Type.Optional(Type.Enum([...REPLICATION_STATES], { description: 'replicated, not-replicated, failed or replicating' })),
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'text in the name, login or email' })),
  owner: Type.Optional(
    Type.Union([Type.Literal('admin'), AccountKeyString], {
      description: 'only the accounts of this owner: an account key of the same server, or admin for the Plesk admin’s own',
    }),
  ),
  reason: Type.Optional(
    Type.Enum(REASON_TYPES, { description: 'only accounts not replicated whose last attempt failed with this reason (its type)' }),
  ),
});

const Summary = Type.Array(Type.Object({ kind: Type.String(), all: Type.Integer(), replicated: Type.Integer(), failed: Type.Integer() }));

function toRow(pleskServer: string, row: ListingRow) {
  const owner = !row.ownerKind ? 'admin' : `${pleskServer}/${row.ownerKind}/${row.ownerId}`;
  return {
    account: `${pleskServer}/${row.kind}/${row.pleskId}`,
    kind: row.kind,
    pleskId: row.pleskId,
    name: row.name,
    login: row.login,
    email: row.email,
    owner,
    state: stateOf(row),
    link:
      row.voipnowId !== null
        ? { voipnowKind: row.voipnowKind ?? '', voipnowId: row.voipnowId, origin: row.origin ?? '', linkedAt: row.linkedAt!.toISOString() }
        : null,
    attempts: row.attempts,
    lastAttempt: row.lastOutcome
      ? {
          outcome: row.lastOutcome,
          reasonType: row.lastReasonType,
          reason: row.lastReason,
          advice: reasonAdvice(row.lastReasonType),
          at: row.lastAttemptAt!.toISOString(),
        }
      : null,
    domains: row.domains === null ? null : { all: row.domains, replicated: row.domainsReplicated ?? 0 },
    mailboxes: row.mailboxes === null ? null : { all: row.mailboxes, replicated: row.mailboxesReplicated ?? 0 },
  };
}

export const listingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;

  app.get(
    '/accounts/:pleskServer',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['accounts'],
        summary: 'Clients & Resellers: every Plesk reseller and client, replicated or not',
        description:
          'With replication attempts, the last outcome and reason, and the counts Domains (all / replicated) and Mailboxes (all / replicated). Resellers see themselves and their clients; clients themselves.',
        params: ServerParams,
        querystring: ListingQuery,
        response: { 200: Type.Object({ ...AccountPage.properties, summary: Summary }), ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const { pleskServer } = request.params;
      assertServer(identity, pleskServer);
      const scope = scopeOf(identity);
      const [page, summary] = await Promise.all([
        list(pleskServer, { view: 'customers' }, request.query, scope),
        summarize(db, pleskServer, { ...(scope ? { scope } : {}), kinds: ['reseller', 'client'] }),
      ]);
      return { ...page, summary };
    },
  );

  for (const view of ['domains', 'mailboxes'] as const) {
    app.get(
      `/accounts/:pleskServer/:kind/:pleskId/${view}`,
      {
        config: { allow: CUSTOMERS },
        schema: {
          tags: ['accounts'],
          summary:
            view === 'domains'
              ? 'The domains of a reseller or client'
              : 'The mailboxes of a domain, or of all domains of a reseller or client',
          params: AccountParams,
          querystring: ListingQuery,
          response: { 200: AccountPage, ...STANDARD_ERRORS, ...errorReplies(404) },
        },
      },
      async (request) => {
        const owner: AccountKey = request.params;
        await assertCanSee(db, identityOf(request), owner);
        const ownsThem = view === 'domains' ? owner.kind === 'reseller' || owner.kind === 'client' : owner.kind !== 'mailbox';
        if (!ownsThem) throw new ApiError(400, `A ${owner.kind} has no ${view}`, 'invalid_request', { field: 'params.kind' });
        return list(owner.pleskServer, { view, owner }, request.query);
      },
    );
  }

  async function list(pleskServer: string, of: ListingOf, query: Static<typeof ListingQuery>, scope?: AccountKey) {
    const owner = query.owner === undefined || query.owner === 'admin' ? query.owner : parseKey(query.owner);
    if (owner && owner !== 'admin' && owner.pleskServer !== pleskServer)
      throw new ApiError(400, `The owner ${query.owner} is not an account of ${pleskServer}`, 'invalid_request', {
        field: 'querystring.owner',
      });
    const { rows, total } = await listAccounts(db, {
      pleskServer,
      of,
      ...(scope ? { scope } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.search ? { search: query.search } : {}),
      ...(owner ? { owner } : {}),
      ...(query.reason ? { reason: query.reason } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return { total, limit: query.limit, offset: query.offset, items: rows.map((row) => toRow(pleskServer, row)) };
  }
};
