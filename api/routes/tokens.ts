/** API tokens: create (the token is shown once), list (never the token), revoke. Admins only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findPleskAccount } from '../../db/scope';
import { TOKEN_ROLES, createToken, listTokens, revokeToken, type ApiToken } from '../../db/tokens';
import { keyToString, parseKey } from '../../domain';
import { ADMINS } from '../auth';
import { ApiError, notFound } from '../errors';
import { AccountKeyString, STANDARD_ERRORS, errorReplies, Defaulted } from '../schemas';

const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Enum([...TOKEN_ROLES]),
  account: Type.Union([Type.String(), Type.Null()], { description: 'the Plesk account the token stands for' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

function toView(row: ApiToken) {
  return {
    id: row.id,
    name: row.name,
    role: row.role as (typeof TOKEN_ROLES)[number],
    account: row.pleskServer && row.pleskKind && row.pleskId ? `${row.pleskServer}/${row.pleskKind}/${row.pleskId}` : null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;
  const tags = ['tokens'];

  app.post(
    '/tokens',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Create a token for an admin, or for a Plesk reseller, client or mailbox',
        description: 'The answer carries the token once; only its hash is kept.',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100, description: 'who or what uses it' }),
            role: Type.Enum([...TOKEN_ROLES]),
            account: Type.Optional(AccountKeyString),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ ...TokenView.properties, token: Type.String({ description: 'shown this once' }) }),
          ...STANDARD_ERRORS,
          ...errorReplies(422),
        },
      },
    },
    async (request, reply) => {
      const { name, role, account: accountText } = request.body;
      if (role === 'admin') {
        if (accountText)
          throw new ApiError(400, 'body.account must be left out for an admin token', 'invalid_request', { field: 'body.account' });
        const { row, token } = await createToken(db, { name, role });
        return reply.code(201).send({ ...toView(row), token });
      }
      if (!accountText)
        throw new ApiError(400, `body.account is required for a ${role} token`, 'invalid_request', { field: 'body.account' });
      const account = parseKey(accountText);
      if (account.kind !== role)
        throw new ApiError(400, `body.account must be a ${role}, got a ${account.kind}`, 'invalid_request', { field: 'body.account' });
      const known = await findPleskAccount(db, account);
      if (!known || known.vanishedAt)
        throw new ApiError(
          422,
          `Plesk ${account.kind} ${keyToString(account)} is not known (discovery has not seen it)`,
          'pleskAccountNotFound',
          { field: 'body.account' },
        );
      const { row, token } = await createToken(db, { name, role, account });
      return reply.code(201).send({ ...toView(row), token });
    },
  );

  app.get(
    '/tokens',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'The tokens (never the tokens themselves)',
        querystring: Type.Object({ includeRevoked: Defaulted(Type.Boolean({ default: false })) }),
        response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...STANDARD_ERRORS },
      },
    },
    async (request) => ({ items: (await listTokens(db, { includeRevoked: request.query.includeRevoked })).map(toView) }),
  );

  app.delete(
    '/tokens/:id',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Revoke a token: it stops working at once',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: TokenView, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const row = await revokeToken(db, request.params.id);
      if (!row) throw notFound(`Token ${request.params.id}`);
      return toView(row);
    },
  );
};
