import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { databaseAnswers } from '../../db/client';

const Check = Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]);

/** Liveness and readiness for load balancers: public, and says nothing but up or down. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Whether the API, its database and Temporal answer',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Check, temporal: Check }),
          503: Type.Object({ status: Type.Literal('degraded'), database: Check, temporal: Check }),
        },
      },
    },
    async (_request, reply) => {
      const { db, temporal } = app.services;
      const database = (await databaseAnswers(db)) ? 'ok' : 'unavailable';
      const temporalState = await temporal.workflowService.getSystemInfo({}).then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      );
      if (database === 'ok' && temporalState === 'ok') return reply.code(200).send({ status: 'ok', database, temporal: temporalState });
      return reply.code(503).send({ status: 'degraded', database, temporal: temporalState });
    },
  );
};
