/**
 * The Fastify app as a plugin built by a function: third-party plugins, then our services, then
 * routes. Only api/server.ts (and scripts/start.ts) listen.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { registerAuth } from './auth';
import { registerErrorHandler } from './errors';
import { healthRoutes } from './routes/health';
import { accountRoutes } from './routes/accounts';
import { codecRoutes } from './routes/codec';
import type { EncryptionCodec } from '../temporal/codec';

export interface AppServices {
  config: Config;
  db: Db;
  temporal: Client;
  adminToken: string;
  /** The payload codec, for the Web UI's codec endpoint at /codec (absent: no endpoint). */
  codec?: EncryptionCodec;
}

export type App = FastifyInstance;

export async function buildApp(services: AppServices, options: FastifyServerOptions = {}): Promise<App> {
  const app = Fastify({
    ...(options.loggerInstance ? {} : { logger: options.logger ?? false }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      info: { title: 'Plesk → VoipNow sync API', version: '1', description: 'Replicate, link and inspect Plesk accounts in VoipNow.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  registerErrorHandler(app);
  registerAuth(app, services.adminToken);
  app.decorate('services', services);

  await app.register(healthRoutes);
  await app.register(accountRoutes, { prefix: '/api/v1' });
  if (services.codec) {
    const uiOrigin = new URL(services.config.temporalUiUrl).origin;
    await app.register(codecRoutes({ codec: services.codec, uiOrigin, trustLocalUi: services.config.CODEC_TRUST_LOCAL_UI }), { prefix: '/codec' });
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}
