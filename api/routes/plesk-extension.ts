/**
 * The Plesk extension's part of the settings (admins): the shared secret that signs its sign-in
 * hand-offs (api/handoff.ts). Write-only like every secret: a read says whether it is set; an
 * admin sets one or has one generated, which is shown once to be pasted into the extension.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pleskExtensionState, setPleskExtensionSecret } from '../../db/console';
import { addServerLog } from '../../db/log-view';
import { ADMINS } from '../auth';
import { notFound } from '../errors';
import { STANDARD_ERRORS, ServerParams, errorReplies } from '../schemas';

const State = Type.Object({
  pleskServer: Type.String(),
  secret: Type.Union([Type.Literal('set'), Type.Literal('not set')], { description: 'the shared secret is never shown' }),
  handoffUrl: Type.String({ description: 'where the extension sends Plesk users (its "console URL" setting)' }),
});

export const pleskExtensionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, box, config } = app.services;
  const tags = ['settings'];
  const handoffUrl = `${config.publicUrl}/api/v1/session/plesk`;

  async function stateOf(pleskServer: string) {
    const state = await pleskExtensionState(db, pleskServer);
    if (!state) throw notFound(`Settings of Plesk server ${pleskServer}`);
    return { pleskServer, ...state, handoffUrl };
  }

  async function store(pleskServer: string, secret: string | null, by: string, what: string) {
    await stateOf(pleskServer);
    await setPleskExtensionSecret(db, box, pleskServer, secret);
    await addServerLog(db, {
      pleskServer,
      level: 'info',
      event: 'settings',
      message: `Plesk extension secret of ${pleskServer} ${what} by ${by}`,
    });
  }

  app.get(
    '/settings/:pleskServer/plesk-extension',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Signing in from Plesk: whether the shared secret is set, and the hand-off URL',
        params: ServerParams,
        response: { 200: State, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => stateOf(request.params.pleskServer),
  );

  app.put(
    '/settings/:pleskServer/plesk-extension',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Set the shared secret of the Plesk extension (null: nobody signs in from Plesk)',
        params: ServerParams,
        body: Type.Object(
          {
            secret: Type.Union([
              Type.String({ minLength: 32, maxLength: 200, description: 'at least 32 characters (write-only)' }),
              Type.Null(),
            ]),
          },
          { additionalProperties: false },
        ),
        response: { 200: State, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const { secret } = request.body;
      await store(request.params.pleskServer, secret, request.identity?.name ?? 'an admin', secret === null ? 'removed' : 'changed');
      return stateOf(request.params.pleskServer);
    },
  );

  app.post(
    '/settings/:pleskServer/plesk-extension/secret',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Generate a new shared secret for the Plesk extension: shown this once',
        description: "The previous secret stops working at once; paste the new one into the extension's settings in Plesk.",
        params: ServerParams,
        response: {
          201: Type.Object({ ...State.properties, generated: Type.String({ description: 'the new secret, shown once' }) }),
          ...STANDARD_ERRORS,
          ...errorReplies(404),
        },
      },
    },
    async (request, reply) => {
      const secret = randomBytes(32).toString('base64url');
      await store(request.params.pleskServer, secret, request.identity?.name ?? 'an admin', 'generated');
      return reply.code(201).send({ ...(await stateOf(request.params.pleskServer)), generated: secret });
    },
  );
};
