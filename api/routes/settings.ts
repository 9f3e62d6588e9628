/** The settings of a Plesk server (product spec section 6): read, change, and check the VoipNow link. Admins only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addServerLog } from '../../db/log-view';
import { getServerSettings, openSettings } from '../../db/settings';
import { findSettingsRow, updateSettingsRow } from '../../db/settings-edit';
import { REASON_ADVICE, isSyncError, reasonText, templateOwner } from '../../domain';
import { ADMINS } from '../auth';
import { ApiError, notFound } from '../errors';
import { STANDARD_ERRORS, ServerParams, errorReplies } from '../schemas';
import { SettingsPatch, SettingsView, assertTagChangeAllowed, toSettingsChanges, toSettingsView } from '../settings-view';

const CheckReply = Type.Object({
  ok: Type.Boolean({ description: 'VoipNow answered and accepted our credentials' }),
  server: Type.Optional(
    Type.Object({
      title: Type.Optional(Type.String()),
      version: Type.Optional(Type.String()),
      buildNo: Type.Optional(Type.String()),
      resellers: Type.Optional(Type.Integer()),
      clients: Type.Optional(Type.Integer()),
      extensions: Type.Optional(Type.Integer()),
      sso: Type.Boolean({ description: 'whether SSO is installed' }),
      apis: Type.Array(Type.Object({ protocol: Type.String(), version: Type.String() })),
    }),
  ),
  reasonType: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: 'why VoipNow could not be reached or refused us' })),
  advice: Type.Optional(Type.String({ description: 'what to do about it' })),
});

/** How long reading the settings waits for VoipNow's template list before leaving the check out. */
const TEMPLATE_CHECK_MS = 3000;

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, box, connectors } = app.services;
  const tags = ['settings'];

  async function rowOf(pleskServer: string) {
    const row = await findSettingsRow(db, pleskServer);
    if (!row) throw notFound(`Settings of Plesk server ${pleskServer}`);
    return row;
  }

  app.get(
    '/settings/:pleskServer',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'The settings of a Plesk server (secrets shown as set / not set)',
        params: ServerParams,
        response: { 200: SettingsView, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const view = toSettingsView(await rowOf(request.params.pleskServer));
      const warnings = await missingResellerTemplates(request.params.pleskServer, view);
      return warnings.length > 0 ? { ...view, templateWarnings: warnings } : view;
    },
  );

  /**
   * Issue 11 rule 5: a reseller template named in the settings that VoipNow's admin no longer has
   * (deleted after it was chosen) is reported. Nothing is said when VoipNow cannot be reached: the
   * connection check says why.
   */
  async function missingResellerTemplates(pleskServer: string, view: SettingsView): Promise<string[]> {
    const named = [
      ['automatic replication', view.automaticReplication.templates.reseller],
      ['manual replication', view.manualReplication.templates.reseller],
    ] as const;
    if (!named.some(([, name]) => name)) return [];
    try {
      const { voipnow } = await connectors.forSettings(await getServerSettings(db, box, pleskServer));
      // The settings must open even while VoipNow is slow or down: its list gets a few seconds.
      const list = await Promise.race([
        voipnow.templatesOwnedBy('reseller', templateOwner('reseller', undefined)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('VoipNow is slow to answer')), TEMPLATE_CHECK_MS).unref()),
      ]);
      return named.flatMap(([section, name]) =>
        name && !list.some((t) => t.name === name)
          ? [`The reseller template "${name}" (${section}) no longer exists in VoipNow: choose another one`]
          : [],
      );
    } catch {
      return [];
    }
  }

  /**
   * Issue 11 rule 5 (decision 093): a reseller template setting must name one of the templates of
   * a reseller's VoipNow parent, the admin. Refused naming the template when VoipNow answers
   * without it; saved unchecked when VoipNow cannot be reached (replication reports it then).
   */
  async function checkResellerTemplates(
    pleskServer: string,
    body: {
      automaticReplication?: { templates?: { reseller?: string | null } };
      manualReplication?: { templates?: { reseller?: string | null } };
    },
  ) {
    const named = [
      ['automaticReplication', body.automaticReplication?.templates?.reseller],
      ['manualReplication', body.manualReplication?.templates?.reseller],
    ] as const;
    if (!named.some(([, name]) => name)) return;
    let list: { name: string }[];
    try {
      const { voipnow } = await connectors.forSettings(await getServerSettings(db, box, pleskServer));
      list = await voipnow.templatesOwnedBy('reseller', templateOwner('reseller', undefined));
    } catch {
      return;
    }
    for (const [section, name] of named) {
      if (name && !list.some((t) => t.name === name))
        throw new ApiError(
          422,
          `${reasonText('invalidTemplate')}: the VoipNow admin has no reseller template named "${name}"`,
          'invalidTemplate',
          {
            field: `body.${section}.templates.reseller`,
          },
        );
    }
  }

  app.patch(
    '/settings/:pleskServer',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Change settings; fields left out stay as they are',
        description: 'Secrets are write-only. Workers read the settings again within a few seconds.',
        params: ServerParams,
        body: SettingsPatch,
        response: { 200: SettingsView, ...STANDARD_ERRORS, ...errorReplies(404, 409, 422) },
      },
    },
    async (request) => {
      const { pleskServer } = request.params;
      const row = await rowOf(pleskServer);
      if (row.removedAt)
        throw new ApiError(409, `Plesk server ${pleskServer} was removed: its settings can be read, not changed`, 'server_removed');
      const { changes, changed } = toSettingsChanges(request.body, row, box);
      await assertTagChangeAllowed(db, row, request.body.soap?.tag);
      await checkResellerTemplates(pleskServer, request.body);
      const updated = await updateSettingsRow(db, pleskServer, changes);
      await addServerLog(db, {
        pleskServer,
        level: 'info',
        event: 'settings',
        message: `Settings of ${pleskServer} changed by ${request.identity?.name ?? 'an admin'}: ${changed.join(', ')}`,
      });
      return toSettingsView(updated);
    },
  );

  app.post(
    '/settings/:pleskServer/check',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Check the VoipNow link: brief server information, or why it fails',
        params: ServerParams,
        response: { 200: CheckReply, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const settings = openSettings(await rowOf(request.params.pleskServer), box);
      try {
        const brief = await (await connectors.forSettings(settings)).voipnow.ping();
        return {
          ok: true,
          server: {
            ...(brief.title ? { title: brief.title } : {}),
            ...(brief.version ? { version: brief.version } : {}),
            ...(brief.buildNo ? { buildNo: brief.buildNo } : {}),
            ...(brief.resellers !== undefined ? { resellers: brief.resellers } : {}),
            ...(brief.clients !== undefined ? { clients: brief.clients } : {}),
            ...(brief.extensions !== undefined ? { extensions: brief.extensions } : {}),
            sso: brief.activSSO,
            apis: brief.apis,
          },
        };
      } catch (error) {
        if (!isSyncError(error)) throw error;
        return { ok: false, reasonType: error.reason, reason: reasonText(error.reason), advice: REASON_ADVICE[error.reason] };
      }
    },
  );
};
