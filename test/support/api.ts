/**
 * The API on top of a test stack: discovery's snapshot filled from the Plesk simulator (what the
 * engine's discovery does), the app, and tokens for every role. The estate (size 30, seed 7) has
 * reseller 2 (client 6, whose domain 2 has mailboxes) and reseller 3 (clients 4 and 7, domain 5
 * of its own, domain 1 of client 7).
 */
import { estateToRows } from '../../activities/estate';
import { buildApp, type App } from '../../api/app';
import type { ThrottleOptions } from '../../api/auth-throttle';
import { getServerSettings } from '../../db/settings';
import { applyScan } from '../../db/snapshot';
import { createToken, revokeToken, type TokenRole } from '../../db/tokens';
import type { AccountKey } from '../../domain';
import { freePort } from './ports';
import { startTestStack, type TestStack, type TestStackOptions } from './stack';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export type Who = 'none' | 'wrong' | 'revoked' | TokenRole;
export const EVERY_WHO: readonly Who[] = ['none', 'wrong', 'revoked', 'admin', 'reseller', 'client', 'mailbox'];

export interface ApiStack extends TestStack {
  app: App;
  /** Where the app listens, when started with listen: true. */
  baseUrl: string;
  /** The accounts the role tokens stand for, and another reseller's. */
  accounts: {
    reseller: AccountKey;
    client: AccountKey;
    mailbox: AccountKey;
    domain: AccountKey;
    otherReseller: AccountKey;
    otherClient: AccountKey;
    otherDomain: AccountKey;
  };
  headers(who: Who): Record<string, string>;
  /** Everything the app logged (with captureLog: true). */
  logText(): string;
  closeAll(): Promise<void>;
}

/**
 * Lifts the limits of the VoipNow account an account is linked to. An account replicated without
 * a template gets every limit 0 (product spec section 3), so nothing could be replicated below it.
 */
export async function unlimit(stack: TestStack, key: AccountKey): Promise<void> {
  const link = await stack.db.accountLink.findUniqueOrThrow({
    where: { pleskServer_kind_pleskId: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId } },
  });
  stack.voipnow.state.account(link.voipnowId)!.limits = { clientMax: null, phoneExtMax: null };
}

/** Fills plesk_accounts from the simulator, as a discovery scan would. */
export async function scanEstate(stack: TestStack): Promise<void> {
  const { plesk } = await stack.runtime.connectors.forSettings(await getServerSettings(stack.db, stack.box, stack.pleskServer));
  await applyScan(stack.db, stack.pleskServer, estateToRows(await plesk.readEstate()));
}

export async function startApiStack(
  options: TestStackOptions & { listen?: boolean; captureLog?: boolean; authThrottle?: ThrottleOptions } = {},
): Promise<ApiStack> {
  const port = options.listen ? await freePort() : 0;
  const stack = await startTestStack({
    ...options,
    env: { ...(port ? { API_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } : {}), ...options.env },
  });
  await scanEstate(stack);
  const logLines: string[] = [];
  const logger = options.captureLog ? { level: 'trace', stream: { write: (line: string) => void logLines.push(line) } } : false;
  const app = await buildApp(
    {
      config: stack.config,
      db: stack.db,
      box: stack.box,
      temporal: stack.temporal,
      connectors: stack.runtime.connectors,
      adminToken: ADMIN_TOKEN,
      codec: stack.runtime.codec,
      // Tests present wrong tokens on purpose, all from one address: only the throttle's own test limits them.
      authThrottle: options.authThrottle ?? { max: 1_000_000 },
    },
    { logger },
  );
  if (port) await app.listen({ host: '127.0.0.1', port });

  const server = stack.pleskServer;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: server, kind, pleskId });
  const mailboxRow = await stack.db.pleskAccount.findFirstOrThrow({
    where: { pleskServer: server, kind: 'mailbox', ownerId: '2' },
    orderBy: { pleskId: 'asc' },
  });
  const accounts = {
    reseller: key('reseller', '2'),
    client: key('client', '6'),
    domain: key('domain', '2'),
    mailbox: key('mailbox', mailboxRow.pleskId),
    otherReseller: key('reseller', '3'),
    otherClient: key('client', '7'),
    otherDomain: key('domain', '5'),
  };
  const tokens: Partial<Record<Who, string>> = { admin: ADMIN_TOKEN, wrong: 'pvs_not-a-token-at-all-0000000000000000000' };
  for (const role of ['reseller', 'client', 'mailbox'] as const) {
    tokens[role] = (await createToken(stack.db, { name: `test ${role}`, role, account: accounts[role] })).token;
  }
  const revoked = await createToken(stack.db, { name: 'test revoked', role: 'reseller', account: accounts.reseller });
  await revokeToken(stack.db, revoked.row.id);
  tokens.revoked = revoked.token;

  return {
    ...stack,
    app,
    baseUrl: port ? `http://127.0.0.1:${port}` : '',
    accounts,
    headers: (who): Record<string, string> => (who === 'none' ? {} : { authorization: `Bearer ${tokens[who] ?? ''}` }),
    logText: () => logLines.join(''),
    async closeAll() {
      await app.close();
      await stack.close();
    },
  };
}
