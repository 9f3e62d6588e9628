/** Who the caller is, and the Plesk servers it may see with their replication counts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { summarize } from '../../db/listing';
import { listServers } from '../../db/servers';
import { keyToString } from '../../domain';
import { identityOf, scopeOf } from '../access';
import { CUSTOMERS, EVERYONE } from '../auth';
import { STANDARD_ERRORS } from '../schemas';

/** What admins see of each server's registration (product spec section 10). */
const ServerRegistration = Type.Object({
  pleskUrl: Type.Optional(Type.String()),
  soapTag: Type.Optional(Type.String({ description: "marks this server's objects in VoipNow" })),
  voipnowUrl: Type.Optional(Type.String()),
  linked: Type.Optional(Type.Integer({ description: 'accounts linked to VoipNow' })),
  removed: Type.Optional(Type.Boolean({ description: 'removed: nothing runs for it; its links and history stay until purged' })),
  removedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  createdAt: Type.Optional(Type.String({ format: 'date-time' })),
});

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
        description: 'A reseller, client or mailbox sees its own server only; admins see every server with how it is registered.',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                pleskServer: Type.String(),
                ...ServerRegistration.properties,
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
      if (scope) return { items: [{ pleskServer: scope.pleskServer, accounts: await summarize(db, scope.pleskServer, { scope }) }] };
      // Admins: every server, removed ones included (they say so), with how it is registered.
      const items = await Promise.all(
        (await listServers(db)).map(async (server) => ({
          ...server,
          removed: server.removedAt !== null,
          removedAt: server.removedAt?.toISOString() ?? null,
          createdAt: server.createdAt.toISOString(),
          accounts: await summarize(db, server.pleskServer, {}),
        })),
      );
      return { items };
    },
  );
};
