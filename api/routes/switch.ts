/**
 * "Switch to VoipNow" for the caller's own account (an admin names one), and the one-time page
 * that hands a browser over to VoipNow's login without SSO (api/switching.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseKey, sameKey, type AccountKey } from '../../domain';
import { assertCanSee, identityOf } from '../access';
import { EVERYONE } from '../auth';
import { ApiError } from '../errors';
import { AccountKeyString, ActionFailure, STANDARD_ERRORS, errorReplies } from '../schemas';

const Html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });

const EXPIRED_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Link expired</title></head><body>' +
  '<p>This link to VoipNow was already used or has expired. Switch to VoipNow again from the control panel.</p></body></html>';

export const switchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, panelSwitch } = app.services;

  app.post(
    '/switch',
    {
      config: { allow: EVERYONE },
      schema: {
        tags: ['switch'],
        summary: 'Switch to VoipNow without typing credentials',
        description:
          'Returns the URL to open: sso (a one-time VoipNow SSO login), key (Key integration: a one-time page of this API that logs the browser in with the login encrypted with the public connection key, no password), password (a one-time page of this API that logs the browser in with the password stored at replication), or login-page (with the reason: the account was linked, or its password changed). backToPlesk is the "Switch to Plesk" way back.',
        body: Type.Object({ account: Type.Optional(AccountKeyString) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            url: Type.String(),
            method: Type.Union([Type.Literal('sso'), Type.Literal('key'), Type.Literal('password'), Type.Literal('login-page')]),
            reason: Type.Optional(Type.String()),
            expiresIn: Type.Optional(Type.Integer({ description: 'seconds the one-time URL stays valid' })),
            backToPlesk: Type.Object(
              { label: Type.Literal('Switch to Plesk'), url: Type.String() },
              { description: 'the way back: the Plesk control panel' },
            ),
          }),
          409: ActionFailure,
          503: ActionFailure,
          ...STANDARD_ERRORS,
          ...errorReplies(404),
        },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const named = request.body.account ? parseKey(request.body.account) : undefined;
      let key: AccountKey;
      if (identity.role === 'admin') {
        if (!named)
          throw new ApiError(400, 'body.account is required: name the account to switch to', 'invalid_request', { field: 'body.account' });
        key = named;
      } else {
        if (named && !sameKey(named, identity.account))
          throw new ApiError(403, 'You can only switch to your own VoipNow account', 'forbidden');
        key = identity.account;
      }
      await assertCanSee(db, identity, key);
      return panelSwitch.switchTo(key);
    },
  );

  app.get(
    '/switch/:ticket',
    {
      // The one-time ticket is the credential: a browser following the link has no bearer token.
      // Request logging stays off for it (Fastify would log the URL, ticket included).
      config: { public: true, secretInUrl: true },
      logLevel: 'warn',
      schema: {
        tags: ['switch'],
        summary: 'One-time page that logs the browser in to VoipNow (valid once, for a minute)',
        security: [],
        params: Type.Object({ ticket: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }) }),
        response: {
          200: Html('posts the VoipNow login form'),
          404: Html('the link was used or has expired'),
          400: errorReplies(400)[400],
          500: errorReplies(500)[500],
        },
      },
    },
    async (request, reply) => {
      const page = await panelSwitch.handOff(request.params.ticket);
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-content-type-options', 'nosniff');
      if (!page) return reply.code(404).type('text/html; charset=utf-8').send(EXPIRED_PAGE);
      return reply.code(200).header('content-security-policy', page.csp).type('text/html; charset=utf-8').send(page.html);
    },
  );
};
