/**
 * Signing in to the web console: with a token (the admin token or one an admin issued), or from
 * inside Plesk through the extension's signed, single-use hand-off (api/handoff.ts). Either way
 * the browser gets a session cookie (api/sessions.ts) and the console reads its CSRF token here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pleskExtensionSecret, useNonce, type ConsoleSession } from '../../db/console';
import { findPleskAccount } from '../../db/scope';
import type { AccountKey } from '../../domain';
import { EVERYONE } from '../auth';
import { ApiError } from '../errors';
import { CONSOLE_PATH } from '../console';
import { CLOCK_SKEW_S, HandoffRefused, parseHandoff, verifyHandoff, type HandoffPayload } from '../handoff';
import type { Sessions } from '../sessions';
import { STANDARD_ERRORS, errorReplies } from '../schemas';

const SessionView = Type.Object({
  signedIn: Type.Literal(true),
  role: Type.String(),
  name: Type.String(),
  account: Type.Union([Type.String(), Type.Null()], { description: 'the Plesk account signed in, for resellers, clients and mailboxes' }),
  via: Type.String({ description: 'token, admin-token or plesk' }),
  csrfToken: Type.String({ description: 'send it as x-csrf-token with every state-changing request' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

function toView(row: ConsoleSession) {
  return {
    signedIn: true as const,
    role: row.role,
    name: row.name,
    account: row.pleskServer && row.kind && row.pleskId ? `${row.pleskServer}/${row.kind}/${row.pleskId}` : null,
    via: row.via,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt.toISOString(),
  };
}

const noSession = () => new ApiError(404, 'No console session: this request was authenticated with a bearer token', 'not_found');

export function sessionRoutes(sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { db, box } = app.services;
    const tags = ['session'];

    app.post(
      '/session',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Sign in to the web console with a token: sets the session cookie',
          security: [],
          body: Type.Object(
            { token: Type.String({ minLength: 1, maxLength: 500, description: 'the admin token or an issued token' }) },
            { additionalProperties: false },
          ),
          response: { 200: SessionView, ...errorReplies(400, 401, 429, 500) },
        },
      },
      async (request, reply) => {
        const identity = await app.identifyToken(request.body.token.trim(), request);
        const row = await sessions.start(reply, request, {
          role: identity.role,
          name: identity.name,
          via: identity.role === 'admin' && !identity.tokenId ? 'admin-token' : 'token',
          ...(identity.tokenId ? { tokenId: identity.tokenId } : {}),
          ...(identity.role !== 'admin' ? { account: identity.account } : {}),
        });
        return toView(row);
      },
    );

    app.get(
      '/session',
      {
        // Public so that a browser without a session learns so without an error (the console's first call).
        config: { public: true },
        schema: {
          tags,
          summary: 'The console session of this browser, with its CSRF token; signedIn false without one',
          security: [],
          response: { 200: Type.Union([SessionView, Type.Object({ signedIn: Type.Literal(false) })]), ...errorReplies(400, 500) },
        },
      },
      async (request) => {
        const identity = await sessions.identify(request).catch(() => undefined);
        return identity && request.consoleSession ? toView(request.consoleSession) : { signedIn: false as const };
      },
    );

    app.delete(
      '/session',
      {
        config: { allow: EVERYONE },
        schema: {
          tags,
          summary: 'Sign out: ends the session and clears the cookie',
          response: { 204: Type.Null({ description: 'signed out' }), ...STANDARD_ERRORS, ...errorReplies(404) },
        },
      },
      async (request, reply) => {
        if (!request.consoleSession) throw noSession();
        await sessions.end(request, reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/session/plesk',
      {
        // The hand-off is its own credential, and must never be logged (it works once anyway).
        config: { public: true, secretInUrl: true },
        logLevel: 'warn',
        schema: {
          tags,
          summary: "Sign in from Plesk: the extension's signed, single-use hand-off; redirects to the console",
          description: 'On success the browser gets the session cookie and goes to /console/; otherwise to /console/sign-in?refused=<why>.',
          security: [],
          querystring: Type.Object({ handoff: Type.String({ minLength: 1, maxLength: 6000 }) }),
          response: { 303: Type.Null({ description: 'to the console, or to the sign-in page saying why not' }), ...errorReplies(400, 500) },
        },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        try {
          const payload = await acceptHandoff(request.query.handoff);
          await sessions.start(reply, request, await identityOfHandoff(payload));
          return reply.redirect(CONSOLE_PATH, 303);
        } catch (error) {
          if (!(error instanceof HandoffRefused)) throw error;
          request.log.warn({ refusal: error.refusal, ip: request.ip }, 'Plesk hand-off refused');
          return reply.redirect(`${CONSOLE_PATH}sign-in?refused=${error.refusal}`, 303);
        }
      },
    );

    async function acceptHandoff(handoff: string): Promise<HandoffPayload> {
      const parsed = parseHandoff(handoff);
      const secret = await pleskExtensionSecret(db, box, parsed.payload.server);
      if (!secret) throw new HandoffRefused('not-set-up');
      const payload = verifyHandoff(parsed, secret);
      // Last, so that only a genuine, current hand-off uses up its nonce.
      if (!(await useNonce(db, `${payload.server}:${payload.nonce}`, new Date((payload.exp + CLOCK_SKEW_S) * 1000))))
        throw new HandoffRefused('used');
      return payload;
    }

    /** Who the Plesk user is here: the admin, or a reseller, client or mailbox discovery has seen. */
    async function identityOfHandoff(payload: HandoffPayload): Promise<Parameters<Sessions['start']>[2]> {
      const name = payload.name?.trim() || payload.login;
      if (payload.role === 'admin') return { role: 'admin', name: `${name} (Plesk)`, via: 'plesk' };
      let account: AccountKey | undefined;
      if (payload.role === 'mailbox') {
        const login = payload.login.toLowerCase();
        const row = await db.pleskAccount.findFirst({
          where: {
            pleskServer: payload.server,
            kind: 'mailbox',
            vanishedAt: null,
            OR: [{ login: { equals: login, mode: 'insensitive' } }, { name: { equals: login, mode: 'insensitive' } }],
          },
        });
        if (row) account = { pleskServer: payload.server, kind: 'mailbox', pleskId: row.pleskId };
      } else {
        const key: AccountKey = { pleskServer: payload.server, kind: payload.role, pleskId: payload.id! };
        const row = await findPleskAccount(db, key);
        if (row && !row.vanishedAt) account = key;
      }
      if (!account) throw new HandoffRefused('unknown-account');
      return { role: payload.role, name, via: 'plesk', account };
    }
  };
}
