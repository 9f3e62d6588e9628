/** Who the caller is, and the Plesk servers it may see with their replication counts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { summarize } from '../../db/listing';
import { listPleskServers } from '../../db/settings';
import { keyToString } from '../../domain';
import { identityOf, scopeOf } from '../access';
import { CUSTOMERS, EVERYONE } from '../auth';
import { STANDARD_ERRORS } from '../schemas';

export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.services;

  app.get(
    '/me',
    {
      config: { allow: EVERYONE },
      schema: {
        tags: ['me'],
        summary: 'Who the token stands for',
        response: {
          200: Type.Object({ role: Type.String(), name: Type.String(), account: Type.Union([Type.String(), Type.Null()]) }),
          ...STANDARD_ERRORS,
        },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      return { role: identity.role, name: identity.name, account: identity.role === 'admin' ? null : keyToString(identity.account) };
    },
  );

  app.get(
    '/servers',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['me'],
        summary: 'The Plesk servers, with accounts, replicated and failed per kind',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                pleskServer: Type.String(),
                accounts: Type.Array(
                  Type.Object({ kind: Type.String(), all: Type.Integer(), replicated: Type.Integer(), failed: Type.Integer() }),
                ),
              }),
            ),
          }),
          ...STANDARD_ERRORS,
        },
      },
    },
    async (request) => {
      const scope = scopeOf(identityOf(request));
      const servers = scope ? [scope.pleskServer] : await listPleskServers(db);
      const items = await Promise.all(
        servers.map(async (pleskServer) => ({ pleskServer, accounts: await summarize(db, pleskServer, scope ? { scope } : {}) })),
      );
      return { items };
    },
  );
};
