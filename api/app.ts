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
import type { SecretBox } from '../crypto/secrets';
import { ConnectorCache } from '../runtime/connectors';
import rateLimit from '@fastify/rate-limit';
import { registerAuth, type Role } from './auth';
import { authThrottle, type ThrottleOptions } from './auth-throttle';
import { registerErrorHandler } from './errors';
import { accountRoutes } from './routes/accounts';
import { bulkRoutes } from './routes/bulk';
import { planRoutes } from './routes/plans';
import { discoveryRoutes } from './routes/discovery';
import { healthRoutes } from './routes/health';
import { linkRoutes } from './routes/links';
import { listingRoutes } from './routes/listings';
import { logRoutes } from './routes/log';
import { meRoutes } from './routes/me';
import { serverRoutes } from './routes/servers';
import { settingsRoutes } from './routes/settings';
import { switchRoutes } from './routes/switch';
import { templateRoutes } from './routes/templates';
import { tokenRoutes } from './routes/tokens';
import { PanelSwitch } from './switching';
import { WorkflowStarter } from './workflows';
import { codecRoutes } from './routes/codec';
import { registerConsole } from './console';
import { pleskExtensionRoutes } from './routes/plesk-extension';
import { sessionRoutes } from './routes/session';
import { docsCsp, registerSessions } from './sessions';
import type { EncryptionCodec } from '../temporal/codec';

export interface AppServices {
  config: Config;
  db: Db;
  /** Seals and opens secrets in the database (settings, stored passwords). */
  box: SecretBox;
  temporal: Client;
  /** The connectors of each Plesk server (runtime/connectors.ts); default: the app's own, closed with it. */
  connectors?: ConnectorCache;
  adminToken: string;
  /** The payload codec, for the Web UI's codec endpoint at /codec (absent: no endpoint). */
  codec?: EncryptionCodec;
  /** Failed-authentication limits (default: 10 wrong tokens a minute per address). */
  authThrottle?: ThrottleOptions;
}

/** What the app builds from its services for the routes. */
interface AppParts extends AppServices {
  connectors: ConnectorCache;
  starter: WorkflowStarter;
  panelSwitch: PanelSwitch;
}

/** A route as registered: what the authorisation matrix test and the OpenAPI test check against. */
export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  allow: readonly Role[] | undefined;
}

export type App = FastifyInstance;

export async function buildApp(services: AppServices, options: FastifyServerOptions = {}): Promise<App> {
  const app = Fastify({
    ...(options.loggerInstance ? {} : { logger: options.logger ?? false }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // First, so the documentation's own routes are listed too.
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue; // Fastify's automatic twin of every GET
      routes.push({ method, url: route.url, public: route.config?.public === true, allow: route.config?.allow });
    }
  });
  app.decorate('routeTable', routes);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Plesk → VoipNow sync API', version: '1', description: 'Replicate, link and inspect Plesk accounts in VoipNow.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list' },
    transformStaticCSP: (header) => docsCsp(header, app.swaggerCSP),
  });

  // A POST without a body (curl -X POST .../replicate) is an empty object, so bodies whose fields
  // are all optional need no "{}" and a missing required field is named.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {};
  });
  registerErrorHandler(app);
  // Security headers and the web console's cookie sessions, which the API accepts beside tokens.
  const sessions = await registerSessions(app, services);
  // Only failed authentications are limited (global: false: no route is limited by itself).
  await app.register(rateLimit, { global: false });
  registerAuth(app, services.adminToken, services.db, sessions, authThrottle(app, services.authThrottle));
  const connectors = services.connectors ?? new ConnectorCache(services.db, services.box);
  if (!services.connectors) app.addHook('onClose', async () => connectors.close());
  const parts: AppParts = {
    ...services,
    connectors,
    starter: new WorkflowStarter(services.temporal, services.config.TEMPORAL_TASK_QUEUE, {
      baseUrl: services.config.temporalUiUrl,
      namespace: services.config.TEMPORAL_NAMESPACE,
    }),
    panelSwitch: new PanelSwitch({ db: services.db, box: services.box, publicUrl: services.config.publicUrl, connectors }),
  };
  app.decorate('services', parts);

  await app.register(healthRoutes);
  for (const routes of [
    meRoutes,
    listingRoutes,
    accountRoutes,
    linkRoutes,
    bulkRoutes,
    planRoutes,
    logRoutes,
    discoveryRoutes,
    settingsRoutes,
    serverRoutes,
    templateRoutes,
    tokenRoutes,
    switchRoutes,
  ]) {
    await app.register(routes, { prefix: '/api/v1' });
  }
  await app.register(sessionRoutes(sessions), { prefix: '/api/v1' });
  await app.register(pleskExtensionRoutes, { prefix: '/api/v1' });
  await registerConsole(app);
  if (services.codec) {
    const uiOrigin = new URL(services.config.temporalUiUrl).origin;
    await app.register(codecRoutes({ codec: services.codec, uiOrigin, trustLocalUi: services.config.CODEC_TRUST_LOCAL_UI }), {
      prefix: '/codec',
    });
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppParts;
    routeTable: readonly RouteEntry[];
  }
}
