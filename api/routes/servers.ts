/**
 * The Plesk servers the engine serves (product spec section 10), added and removed at run time:
 * register (its schedule starts at once), remove (its schedule stops; links and history stay
 * readable) and purge a removed server's records (confirmed by its name). Nothing here touches
 * VoipNow. Admins only. GET /servers (api/routes/me.ts) lists them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ScheduleNotFoundError } from '@temporalio/client';
import { Type } from 'typebox';
import { addServerLog } from '../../db/log-view';
import { createServerRow, firstActiveServer, markServerRemoved, purgeRemovedServer } from '../../db/servers';
import { findSettingsRow } from '../../db/settings-edit';
import type { Prisma, Settings } from '../../db/generated/client';
import { discoveryScheduleId } from '../../domain/workflow-ids';
import { ensureDiscoverySchedule, triggerDiscovery } from '../../temporal/schedule';
import { ADMINS } from '../auth';
import { ApiError, notFound } from '../errors';
import { STANDARD_ERRORS, ServerParams, errorReplies } from '../schemas';
import { assertTagFree, SettingsPatch, SettingsView, toSettingsChanges, toSettingsView } from '../settings-view';

const RegisterBody = Type.Object(
  { pleskServer: ServerParams.properties.pleskServer, ...SettingsPatch.properties },
  { additionalProperties: false },
);

/** The columns a new server starts from: the VoipNow link of `voipnowFrom` (or nothing), no Plesk connection, switches off. */
function startingRow(pleskServer: string, voipnowFrom: Settings | null): Settings {
  const now = new Date();
  return {
    pleskServer,
    pleskUrl: '',
    pleskAuthMethod: 'password',
    pleskLogin: null,
    pleskSecretEnc: null,
    pleskTlsVerify: false,
    voipnowUrl: voipnowFrom?.voipnowUrl ?? '',
    voipnowAuthMethod: voipnowFrom?.voipnowAuthMethod ?? 'password',
    voipnowLogin: voipnowFrom?.voipnowLogin ?? null,
    voipnowPasswordEnc: voipnowFrom?.voipnowPasswordEnc ?? null,
    voipnowAppKey: voipnowFrom?.voipnowAppKey ?? null,
    voipnowAppSecretEnc: voipnowFrom?.voipnowAppSecretEnc ?? null,
    voipnowPublicKey: voipnowFrom?.voipnowPublicKey ?? null,
    voipnowTlsVerify: voipnowFrom?.voipnowTlsVerify ?? true,
    voipnowLoginSuffix: null,
    integrationMethod: voipnowFrom?.integrationMethod ?? 'key',
    allowWithoutSso: voipnowFrom?.allowWithoutSso ?? true,
    soapTag: pleskServer,
    soapTimeoutSeconds: voipnowFrom?.soapTimeoutSeconds ?? 30,
    autoReplicateResellers: false,
    autoReplicateDomains: false,
    autoReplicateMailboxes: false,
    autoResellersOnAt: null,
    autoDomainsOnAt: null,
    autoMailboxesOnAt: null,
    autoTemplateReseller: null,
    autoTemplateClient: null,
    autoTemplateExtension: null,
    manualTemplateReseller: null,
    manualTemplateClient: null,
    manualTemplateExtension: null,
    allowCustomerTemplates: false,
    baselineAt: null,
    pleskExtensionSecretEnc: null,
    envAppliedEnc: null,
    removedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

export const serverRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, box, temporal, config, connectors } = app.services;
  const tags = ['servers'];
  const who = (request: { identity?: { name?: string } }) => request.identity?.name ?? 'an admin';

  app.post(
    '/servers',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Register a Plesk server: its settings, and its discovery starts now and every five minutes',
        description:
          "The body of a settings PATCH plus pleskServer, its short name. plesk.url and the Plesk credentials are required; a VoipNow link left out is copied from the first server's. soap.tag defaults to the name and must be one no other server uses.",
        body: RegisterBody,
        response: { 201: SettingsView, ...STANDARD_ERRORS, ...errorReplies(409, 422) },
      },
    },
    async (request, reply) => {
      const { pleskServer, ...patch } = request.body;
      if (await findSettingsRow(db, pleskServer)) {
        throw new ApiError(409, `A Plesk server named ${pleskServer} is already registered`, 'server_exists', {
          field: 'body.pleskServer',
        });
      }
      if (!patch.plesk?.url) throw new ApiError(400, 'body.plesk.url is required', 'invalid_request', { field: 'body.plesk.url' });
      if (!patch.plesk.secret) {
        throw new ApiError(400, 'body.plesk.secret is required (the password, or the secret key with authMethod key)', 'invalid_request', {
          field: 'body.plesk.secret',
        });
      }
      const first = patch.voipnow?.url ? null : await firstActiveServer(db);
      if (!patch.voipnow?.url && !first) {
        throw new ApiError(400, 'body.voipnow is required: no other server has a VoipNow link to copy', 'invalid_request', {
          field: 'body.voipnow.url',
        });
      }
      const start = startingRow(pleskServer, first);
      const { changes } = toSettingsChanges(patch, start, box);
      const data = { ...start, ...changes } as Prisma.SettingsCreateInput;
      await assertTagFree(db, data.soapTag, pleskServer);
      let row: Settings;
      try {
        row = await createServerRow(db, data);
      } catch (error) {
        // Another request registered the same name or tag a moment ago.
        if ((error as { code?: string }).code === 'P2002') {
          throw new ApiError(
            409,
            `A Plesk server named ${pleskServer} or using SOAP tag ${data.soapTag} is already registered`,
            'server_exists',
          );
        }
        throw error;
      }
      await ensureDiscoverySchedule(temporal, { pleskServer, taskQueue: config.TEMPORAL_TASK_QUEUE });
      // The first scan records the accounts that exist now; only accounts added after it are replicated automatically.
      await triggerDiscovery(temporal, pleskServer);
      await addServerLog(db, {
        pleskServer,
        level: 'info',
        event: 'server',
        message: `Plesk server ${pleskServer} registered by ${who(request)} (SOAP tag ${row.soapTag}); discovery runs now and every 5 minutes`,
      });
      return reply.code(201).send(toSettingsView(row));
    },
  );

  app.delete(
    '/servers/:pleskServer',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Remove a Plesk server: its discovery stops and nothing runs for it; its links and history stay readable',
        description: 'Nothing is deleted in VoipNow. POST /servers/{pleskServer}/purge forgets its records afterwards.',
        params: ServerParams,
        response: {
          200: Type.Object({ pleskServer: Type.String(), removedAt: Type.String({ format: 'date-time' }) }),
          ...STANDARD_ERRORS,
          ...errorReplies(404, 409),
        },
      },
    },
    async (request) => {
      const { pleskServer } = request.params;
      const row = await findSettingsRow(db, pleskServer);
      if (!row) throw notFound(`Plesk server ${pleskServer}`);
      const at = new Date();
      if (!(await markServerRemoved(db, pleskServer, at))) {
        throw new ApiError(409, `Plesk server ${pleskServer} was already removed`, 'server_removed');
      }
      try {
        await temporal.schedule.getHandle(discoveryScheduleId(pleskServer)).delete();
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
      connectors.forget(pleskServer);
      await addServerLog(db, {
        pleskServer,
        level: 'info',
        event: 'server',
        message: `Plesk server ${pleskServer} removed by ${who(request)}: its discovery stopped; its links and history stay until purged`,
      });
      return { pleskServer, removedAt: at.toISOString() };
    },
  );

  app.post(
    '/servers/:pleskServer/purge',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: "Forget a removed server's links, attempts, log, plans and tokens (nothing in VoipNow is touched)",
        params: ServerParams,
        body: Type.Object(
          { confirm: Type.String({ description: "the server's name again, to confirm" }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ purged: Type.String() }), ...STANDARD_ERRORS, ...errorReplies(404, 409, 422) },
      },
    },
    async (request) => {
      const { pleskServer } = request.params;
      const row = await findSettingsRow(db, pleskServer);
      if (!row) throw notFound(`Plesk server ${pleskServer}`);
      if (request.body.confirm !== pleskServer) {
        throw new ApiError(422, `To purge, confirm with the server's name: ${pleskServer}`, 'confirm_required', { field: 'body.confirm' });
      }
      if (!(await purgeRemovedServer(db, pleskServer))) {
        throw new ApiError(409, `Plesk server ${pleskServer} is still served: remove it first`, 'server_not_removed');
      }
      request.log.info({ pleskServer, by: who(request) }, 'Plesk server purged');
      return { purged: pleskServer };
    },
  );
};
