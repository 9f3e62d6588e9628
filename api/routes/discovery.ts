/**
 * The discovery schedule of a Plesk server (created by the engine at start): its state, last and
 * next runs, and pause, resume and run now. Admins only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleHandle } from '@temporalio/client';
import { Type } from 'typebox';
import { discoveryScheduleId } from '../../domain/workflow-ids';
import type { DiscoveryResult } from '../../domain/workflow-types';
import { ADMINS } from '../auth';
import { notFound } from '../errors';
import { STANDARD_ERRORS, ServerParams, errorReplies } from '../schemas';

const DiscoveryResultSchema = Type.Object({
  accounts: Type.Integer(),
  new: Type.Integer(),
  changed: Type.Integer(),
  moved: Type.Integer(),
  vanished: Type.Integer(),
  replicationStarted: Type.Boolean(),
  baseline: Type.Optional(
    Type.Boolean({ description: "the server's first scan: it recorded the existing accounts and replicated nothing" }),
  ),
  seconds: Type.Number(),
});

const ScheduleState = Type.Object({
  scheduleId: Type.String(),
  paused: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
  running: Type.Boolean({ description: 'a discovery runs right now' }),
  lastRun: Type.Union([
    Type.Object({
      startedAt: Type.String({ format: 'date-time' }),
      workflowId: Type.String(),
      status: Type.String(),
      result: Type.Union([DiscoveryResultSchema, Type.Null()]),
      webUiUrl: Type.String(),
    }),
    Type.Null(),
  ]),
  nextRunAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null while paused' }),
});

const responses = { 200: ScheduleState, ...STANDARD_ERRORS, ...errorReplies(404) };

export const discoveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { temporal, starter } = app.services;

  const schedule = (pleskServer: string): ScheduleHandle => temporal.schedule.getHandle(discoveryScheduleId(pleskServer));

  async function stateOf(handle: ScheduleHandle) {
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError)
        throw notFound(`The discovery schedule ${handle.scheduleId} (the worker creates it when it starts)`);
      throw error;
    }
    const last = description.info.recentActions.at(-1);
    let lastRun = null;
    if (last) {
      const { workflowId, firstExecutionRunId } = last.action.workflow;
      const run = temporal.workflow.getHandle(workflowId, firstExecutionRunId, { followRuns: true });
      const status = (await run.describe()).status.name;
      const result = status === 'COMPLETED' ? ((await run.result()) as DiscoveryResult) : null;
      lastRun = {
        startedAt: last.takenAt.toISOString(),
        workflowId,
        status: status.toLowerCase(),
        result,
        webUiUrl: starter.webUiUrl(workflowId, firstExecutionRunId),
      };
    }
    const next = description.state.paused ? undefined : description.info.nextActionTimes[0];
    return {
      scheduleId: description.scheduleId,
      paused: description.state.paused,
      note: description.state.note ?? null,
      running: description.info.runningActions.length > 0,
      lastRun,
      nextRunAt: next?.toISOString() ?? null,
    };
  }

  const tags = ['discovery'];
  app.get(
    '/discovery/:pleskServer',
    {
      config: { allow: ADMINS },
      schema: { tags, summary: 'The discovery schedule: paused or not, last and next run', params: ServerParams, response: responses },
    },
    async (request) => stateOf(schedule(request.params.pleskServer)),
  );

  app.post(
    '/discovery/:pleskServer/pause',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Pause automatic discovery and replication',
        params: ServerParams,
        body: Type.Object(
          { note: Type.Optional(Type.String({ maxLength: 500, description: 'why, for the other admins' })) },
          { additionalProperties: false },
        ),
        response: responses,
      },
    },
    async (request) => {
      const handle = schedule(request.params.pleskServer);
      await stateOf(handle); // 404 before acting on a schedule that is not there
      await handle.pause(request.body.note ?? `Paused by ${request.identity?.name ?? 'an admin'} through the API`);
      return stateOf(handle);
    },
  );

  app.post(
    '/discovery/:pleskServer/resume',
    { config: { allow: ADMINS }, schema: { tags, summary: 'Resume automatic discovery', params: ServerParams, response: responses } },
    async (request) => {
      const handle = schedule(request.params.pleskServer);
      await stateOf(handle);
      await handle.unpause(`Resumed by ${request.identity?.name ?? 'an admin'} through the API`);
      return stateOf(handle);
    },
  );

  app.post(
    '/discovery/:pleskServer/run',
    {
      config: { allow: ADMINS },
      schema: {
        tags,
        summary: 'Run discovery now (skipped when one is running)',
        params: ServerParams,
        response: { 202: ScheduleState, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request, reply) => {
      const handle = schedule(request.params.pleskServer);
      await stateOf(handle);
      await handle.trigger(ScheduleOverlapPolicy.SKIP);
      return reply.code(202).send(await stateOf(handle));
    },
  );
};
