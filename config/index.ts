/**
 * Configuration: read once from the environment, validated by one schema shared by api/,
 * worker/ and scripts/. Every field has a default for the embedded mode (`npm start` on a fresh
 * machine), and a wrong value stops start-up with an error naming the variable.
 */
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { SERVER_NAME_PATTERN } from '../domain/accounts';

const Port = (fallback: number) => Type.Integer({ minimum: 0, maximum: 65535, default: fallback });
const Flag = (fallback: boolean) => Type.Boolean({ default: fallback });
const Optional = (description: string) => Type.Optional(Type.String({ minLength: 1, description }));

export const ConfigSchema = Type.Object({
  NODE_ENV: Type.String({ default: 'development' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DATA_DIR: Type.String({
    minLength: 1,
    default: './.data',
    description: 'where the embedded database, Temporal dev server and simulators keep their files',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL connection string; unset = embedded database in DATA_DIR' }),
  ),
  EMBEDDED_DB_PORT: Port(5499),

  API_HOST: Type.String({ default: '127.0.0.1' }),
  API_PORT: Port(3000),
  PUBLIC_URL: Optional('the URL users reach the API at, for links; default http://localhost:API_PORT'),
  ADMIN_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'bearer token of the built-in admin; generated and printed when unset' }),
  ),
  ENCRYPTION_KEY: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description: '32 random bytes in base64 (openssl rand -base64 32); unset = generated into DATA_DIR',
    }),
  ),

  TEMPORAL_ADDRESS: Optional('host:port of a Temporal frontend; unset = npm start runs the dev server'),
  TEMPORAL_PORT: Port(7233),
  TEMPORAL_UI_PORT: Port(8233),
  TEMPORAL_UI_URL: Optional('base URL of the Temporal Web UI, for execution links'),
  TEMPORAL_NAMESPACE: Type.String({ minLength: 1, default: 'default' }),
  TEMPORAL_TASK_QUEUE: Type.String({ minLength: 1, default: 'plesk-voipnow-sync' }),
  TEMPORAL_CLI_PATH: Optional('path of the temporal CLI binary to run the dev server with'),
  CODEC_TRUST_LOCAL_UI: Type.Optional(
    Type.Boolean({ description: 'let the local Web UI decode payloads without a token; default: on when npm start runs the dev server' }),
  ),

  PLESK_SERVER: Type.String({ pattern: SERVER_NAME_PATTERN, default: 'plesk1', description: 'our short name for the Plesk server' }),
  PLESK_URL: Optional('https://plesk.example.com:8443; unset = the Plesk simulator'),
  PLESK_LOGIN: Type.String({ minLength: 1, default: 'admin' }),
  PLESK_PASSWORD: Type.String({ default: 'Plesk-Sim-2026' }),
  PLESK_KEY: Optional('Plesk secret key (KEY header), used instead of login and password'),
  PLESK_TLS_VERIFY: Flag(false),
  PLESK_SIM_PORT: Port(8443),

  VOIPNOW_URL: Optional('https://voipnow.example.com; unset = the VoipNow simulator'),
  VOIPNOW_LOGIN: Type.String({ minLength: 1, default: 'admin' }),
  VOIPNOW_PASSWORD: Type.String({ default: 'VoipNow-Sim-2026' }),
  VOIPNOW_APP_KEY: Optional('VoipNow application key, used with VOIPNOW_APP_SECRET instead of login and password'),
  VOIPNOW_APP_SECRET: Optional('VoipNow application secret'),
  VOIPNOW_TLS_VERIFY: Flag(true),
  VOIPNOW_SOAP_TIMEOUT: Type.Integer({
    minimum: 1,
    maximum: 600,
    default: 30,
    description: 'seconds after which VoipNow counts as unavailable',
  }),
  VOIPNOW_SIM_PORT: Port(8444),
  VOIPNOW_MAX_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 1000, default: 16, description: 'concurrent VoipNow calls per worker' }),
  WORKER_SHUTDOWN_GRACE: Type.Integer({
    minimum: 0,
    maximum: 600,
    default: 30,
    description: 'seconds a worker stopped with SIGTERM gives the replications under way to finish before it cancels them',
  }),
  WORKFLOW_STACK_TRACES: Type.Boolean({
    default: false,
    description: "record where each workflow waits, for the Temporal Web UI's stack trace view (about 0.8 ms of worker CPU per account)",
  }),
  SOAP_TAG: Optional('tag written onto every VoipNow object we create; default the Plesk server name'),

  SIM_ESTATE_SIZE: Type.Integer({ minimum: 1, maximum: 100_000, default: 30 }),
  SIM_ESTATE_SEED: Type.Integer({ default: 1 }),
  SIM_PLESK_SERVERS: Type.Integer({
    minimum: 1,
    maximum: 5,
    default: 1,
    description:
      'npm start without PLESK_URL: how many simulated Plesk servers feed the VoipNow; the second and later (plesk2, ...) hold the same estate as the first and are registered through the API with their own tag and login suffix',
  }),
  SIM_PLESK_GROWTH: Type.Integer({
    minimum: 0,
    default: 60,
    description: 'npm start: the Plesk simulator adds a customer, domain or mailbox every this many seconds; 0 = never',
  }),
});

export type RawConfig = Static<typeof ConfigSchema>;

export interface Config extends Omit<RawConfig, 'CODEC_TRUST_LOCAL_UI'> {
  CODEC_TRUST_LOCAL_UI: boolean;
  /** DATA_DIR made absolute. */
  dataDir: string;
  soapTag: string;
  publicUrl: string;
  temporalUiUrl: string;
  /** True when PLESK_URL is unset and the simulator stands in. */
  pleskSimulated: boolean;
  voipnowSimulated: boolean;
  /** The variables the environment set (non-empty), as opposed to those left to their defaults. */
  explicit: ReadonlySet<keyof RawConfig>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { field: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Validates the environment; throws ConfigError listing every wrong field. */
export function loadConfig(env: Env = process.env): Config {
  const known = Object.keys(ConfigSchema.properties);
  // Only our own variables, and empty strings count as unset (a common way to clear a value).
  const input: Record<string, unknown> = {};
  for (const name of known) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const explicit = new Set(Object.keys(input) as (keyof RawConfig)[]); // before Value.Default fills in the defaults
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, input));
  const problems = [...Value.Errors(ConfigSchema, converted)].map((error) => {
    const field = error.instancePath.replace(/^\//, '');
    return { field, message: describe(field, error.message, env[field]) };
  });
  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  const raw = converted as RawConfig;

  const problemsAfter: { field: string; message: string }[] = [];
  if (raw.VOIPNOW_APP_KEY && !raw.VOIPNOW_APP_SECRET)
    problemsAfter.push({ field: 'VOIPNOW_APP_SECRET', message: 'is required when VOIPNOW_APP_KEY is set' });
  if (raw.VOIPNOW_APP_SECRET && !raw.VOIPNOW_APP_KEY)
    problemsAfter.push({ field: 'VOIPNOW_APP_KEY', message: 'is required when VOIPNOW_APP_SECRET is set' });
  for (const field of ['PLESK_URL', 'VOIPNOW_URL', 'PUBLIC_URL', 'TEMPORAL_UI_URL'] as const) {
    const value = raw[field];
    if (value && !/^https?:\/\/[^\s/]+/.test(value)) problemsAfter.push({ field, message: `must be an http(s) URL, got "${value}"` });
  }
  if (raw.TEMPORAL_ADDRESS && !/^[^\s:/]+:\d+$/.test(raw.TEMPORAL_ADDRESS)) {
    problemsAfter.push({ field: 'TEMPORAL_ADDRESS', message: `must be host:port, got "${raw.TEMPORAL_ADDRESS}"` });
  }
  if (problemsAfter.length > 0) throw new ConfigError(problemsAfter);

  return {
    ...raw,
    dataDir: path.resolve(raw.DATA_DIR),
    soapTag: raw.SOAP_TAG ?? raw.PLESK_SERVER,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.API_PORT}`).replace(/\/$/, ''),
    temporalUiUrl: (raw.TEMPORAL_UI_URL ?? `http://localhost:${raw.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
    CODEC_TRUST_LOCAL_UI: raw.CODEC_TRUST_LOCAL_UI ?? !raw.TEMPORAL_ADDRESS,
    pleskSimulated: !raw.PLESK_URL,
    voipnowSimulated: !raw.VOIPNOW_URL,
    explicit,
  };
}

function describe(field: string, message: string, value: string | undefined): string {
  // Name the choices of an enum instead of "must be equal to one of the allowed values".
  const choices = (ConfigSchema.properties as Record<string, { enum?: unknown[] }>)[field]?.enum;
  const text = choices ? `must be one of ${choices.map(String).join(', ')}` : message;
  return value === undefined ? text : `${text}, got "${value}"`;
}

function dedupe(problems: { field: string; message: string }[]): { field: string; message: string }[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
}

/** Address of the Temporal frontend this process talks to. */
export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
}
