/**
 * A reseller's or client's own template choice for its domains (VoipNow level client) and
 * mailboxes (level extension). Customers may set their own only when the settings allow it
 * (allowCustomerTemplates); admins may set anyone's.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findLink } from '../../db/links';
import { getServerSettings } from '../../db/settings';
import { getTemplatePreferences, PREFERENCE_LEVELS, setTemplatePreferences } from '../../db/template-preferences';
import { reasonText, sameKey, templateOwner, type AccountKey } from '../../domain';
import { assertCanSee, identityOf } from '../access';
import { CUSTOMERS, type Identity } from '../auth';
import { ApiError } from '../errors';
import { AccountParams, STANDARD_ERRORS, Template, errorReplies } from '../schemas';

const Name = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]);
const Preferences = Type.Object({
  allowed: Type.Boolean({ description: 'whether the settings let resellers and clients choose their own templates' }),
  client: Type.Union([Type.String(), Type.Null()], { description: 'template of its domains (VoipNow clients)' }),
  extension: Type.Union([Type.String(), Type.Null()], { description: 'template of its mailboxes (phone terminal extensions)' }),
  available: Type.Union([Type.Object({ client: Type.Array(Template), extension: Type.Array(Template) }), Type.Null()], {
    description: 'templates that exist for its accounts in VoipNow; null until the account is replicated',
  }),
  missing: Type.Array(Type.String(), {
    description: 'chosen templates that no longer exist in its VoipNow account (its domains or mailboxes cannot be made with them)',
  }),
});

export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, box, connectors } = app.services;
  const tags = ['templates'];

  /** Only resellers and clients have domains and mailboxes to choose for; a customer only for itself. */
  async function check(identity: Identity, key: AccountKey): Promise<boolean> {
    await assertCanSee(db, identity, key);
    if (key.kind !== 'reseller' && key.kind !== 'client')
      throw new ApiError(400, `A ${key.kind} has no template preferences`, 'invalid_request', { field: 'params.kind' });
    const settings = await getServerSettings(db, box, key.pleskServer);
    if (identity.role !== 'admin' && !sameKey(identity.account, key))
      throw new ApiError(403, 'Only the account itself or an admin may choose its templates', 'forbidden');
    return settings.allowCustomerTemplates;
  }

  /**
   * The templates its accounts can be made from (issue 11 rule 5, decision 093): its domains become
   * VoipNow clients under its own VoipNow account, so only that account's client templates; its
   * mailboxes become extensions of those clients, which get that account's extension templates
   * by name, so that account's extension templates. Never its ancestors' or the admin's.
   */
  async function available(key: AccountKey) {
    const link = await findLink(db, key);
    if (!link) return null;
    const { voipnow } = await connectors.forSettings(await getServerSettings(db, box, key.pleskServer));
    return {
      client: await voipnow.templatesOwnedBy('client', templateOwner('client', link.voipnowId)),
      extension: await voipnow.templatesOwnedBy('extension', templateOwner('extension', link.voipnowId)),
    };
  }

  async function view(key: AccountKey, allowed: boolean) {
    const [preferences, list, settings] = await Promise.all([
      getTemplatePreferences(db, key),
      available(key),
      getServerSettings(db, box, key.pleskServer),
    ]);
    // A template its domains or mailboxes would be made from (its own choice, or the settings')
    // that this VoipNow account does not have, or no longer has, is reported (issue 11 rule 5).
    const missing = PREFERENCE_LEVELS.flatMap((level) => {
      const named = [
        [preferences[level], 'its choice'],
        [settings.autoTemplates[level], 'automatic replication settings'],
        [settings.manualTemplates[level], 'manual replication settings'],
      ] as const;
      const seen = new Set<string>();
      return named.flatMap(([name, source]) => {
        if (!list || !name || seen.has(name) || list[level].some((t) => t.name === name)) return [];
        seen.add(name);
        return [`The ${level} template "${name}" (${source}) does not exist in its VoipNow account`];
      });
    });
    return { allowed, client: preferences.client ?? null, extension: preferences.extension ?? null, available: list, missing };
  }

  app.get(
    '/accounts/:pleskServer/:kind/:pleskId/templates',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags,
        summary: 'Template preferences of a reseller or client, and the templates to choose from',
        params: AccountParams,
        response: { 200: Preferences, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const allowed = await check(identityOf(request), request.params);
      return view(request.params, allowed);
    },
  );

  app.put(
    '/accounts/:pleskServer/:kind/:pleskId/templates',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags,
        summary: 'Choose the templates of its domains and mailboxes (null clears a choice)',
        params: AccountParams,
        body: Type.Object(
          { client: Type.Optional(Name), extension: Type.Optional(Name) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Preferences, ...STANDARD_ERRORS, ...errorReplies(404, 422) },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const key: AccountKey = request.params;
      const allowed = await check(identity, key);
      if (!allowed && identity.role !== 'admin')
        throw new ApiError(403, 'Resellers and clients may not choose their own templates on this server', 'forbidden');
      // Only templates that exist for the account's VoipNow accounts can be used (spec section 3).
      const list = await available(key);
      for (const level of PREFERENCE_LEVELS) {
        const name = request.body[level];
        if (list && name && !list[level].some((t) => t.name === name)) {
          throw new ApiError(
            422,
            `${reasonText('invalidTemplate')}: no ${level} template named "${name}" in its VoipNow account`,
            'invalidTemplate',
            {
              field: `body.${level}`,
            },
          );
        }
      }
      await setTemplatePreferences(db, key, request.body);
      return view(key, allowed);
    },
  );
};
