/**
 * Admin actions on links: link a Plesk account to an existing VoipNow account, unlink one account
 * or a whole subtree, move an account to its new Plesk owner. Each is a workflow of the engine;
 * the answer waits a few seconds for its outcome.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findLink } from '../../db/links';
import { keyToString, linkWorkflowId, moveWorkflowId, reasonText, unlinkWorkflowId, type AccountKey } from '../../domain';
import { linkAccount, moveAccount, unlinkAccount } from '../../workflows';
import { ADMINS } from '../auth';
import { ApiError } from '../errors';
import { AccountParams, ActionFailure, ActionReply, STANDARD_ERRORS, WaitQuery, errorReplies, Defaulted } from '../schemas';

const actionResponses = <T extends Parameters<typeof ActionReply>[0]>(result: T) => ({
  200: ActionReply(result),
  202: ActionReply(result),
  409: ActionFailure,
  422: ActionFailure,
  503: ActionFailure,
  ...STANDARD_ERRORS,
  ...errorReplies(404),
});

const LinkResult = Type.Object({ voipnowKind: Type.String(), voipnowId: Type.Integer() });
const UnlinkResult = Type.Object({ unlinked: Type.Integer({ description: 'links removed' }) });
const MoveResult = Type.Object({
  from: Type.String({ description: "the Plesk owner before ('admin' for the Plesk admin)" }),
  to: Type.String(),
  voipnowParentId: Type.Union([Type.Integer(), Type.Null()]),
});

export const linkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, starter } = app.services;

  app.post(
    '/accounts/:pleskServer/:kind/:pleskId/link',
    {
      config: { allow: ADMINS },
      schema: {
        tags: ['actions'],
        summary: 'Link to an existing VoipNow account (admins)',
        params: AccountParams,
        querystring: WaitQuery,
        body: Type.Object(
          { voipnowId: Type.Integer({ minimum: 1, description: 'ID of the VoipNow account' }) },
          { additionalProperties: false },
        ),
        response: actionResponses(LinkResult),
      },
    },
    async (request, reply) => {
      const key: AccountKey = request.params;
      const link = await findLink(db, key);
      if (link) throw new ApiError(409, `${reasonText('alreadyLinked')} ${link.voipnowKind} #${link.voipnowId}`, 'alreadyLinked');
      return starter.run(reply, {
        workflow: linkAccount,
        workflowId: linkWorkflowId(key),
        args: [{ key, voipnowId: request.body.voipnowId }],
        waitSeconds: request.query.wait,
      });
    },
  );

  app.post(
    '/accounts/:pleskServer/:kind/:pleskId/unlink',
    {
      config: { allow: ADMINS },
      schema: {
        tags: ['actions'],
        summary: 'Unlink an account, or it and every account below it (admins)',
        description: 'The VoipNow accounts stay; only the links are removed.',
        params: AccountParams,
        querystring: WaitQuery,
        body: Type.Object(
          { recursive: Defaulted(Type.Boolean({ default: false, description: 'also unlink every account below' })) },
          { additionalProperties: false },
        ),
        response: actionResponses(UnlinkResult),
      },
    },
    async (request, reply) => {
      const key: AccountKey = request.params;
      const recursive = request.body.recursive ?? false;
      // Below an unlinked account there can still be links (a Plesk reseller's clients are VoipNow resellers of their own).
      if (!recursive && !(await findLink(db, key))) throw new ApiError(409, reasonText('notLinked'), 'notLinked');
      return starter.run(reply, {
        workflow: unlinkAccount,
        workflowId: unlinkWorkflowId(key),
        args: [{ key, recursive, by: request.identity?.name ?? 'admin' }],
        waitSeconds: request.query.wait,
      });
    },
  );

  app.post(
    '/accounts/:pleskServer/:kind/:pleskId/move',
    {
      config: { allow: ADMINS },
      schema: {
        tags: ['actions'],
        summary: 'Move an account to its new Plesk owner in VoipNow (admins)',
        description:
          'Unlinks it, then links it to the existing VoipNow account under the VoipNow account of its new owner, as one workflow.',
        params: AccountParams,
        querystring: WaitQuery,
        response: actionResponses(MoveResult),
      },
    },
    async (request, reply) => {
      const key: AccountKey = request.params;
      if (!(await findLink(db, key)))
        throw new ApiError(409, `${reasonText('notLinked')}: ${keyToString(key)} has nothing to move`, 'notLinked');
      return starter.run(reply, {
        workflow: moveAccount,
        workflowId: moveWorkflowId(key),
        args: [{ key }],
        waitSeconds: request.query.wait,
      });
    },
  );
};
