import { isSyncError, parseMailboxPleskId, SyncError } from '../../domain';
import { PLESK_ERRCODE } from './errors';
import { getDomain, listDomains } from './domains';
import { getMailboxes, listMailboxes } from './mail';
import { chooseProtocol, describeProtocol, isVersion } from './protocol';
import { getAdminContact, getCustomer, getReseller, listCustomers, listResellers, type ReadContext } from './reader';
import { Session } from './session';
import { createTransport } from './transport';
import { type PleskClient, type PleskClientOptions, type PleskProtocol } from './types';
import { child, texts } from './xml';

export const DEFAULTS = {
  timeoutMs: 60_000,
  batchSize: 100,
  concurrency: 4,
  maxResponseBytes: 64 * 1024 * 1024,
} as const;

const GET_PROTOS = '<server><get_protos/></server>';

/**
 * Header values travel as Latin-1 in Node; sending the UTF-8 bytes that way lets non-ASCII
 * passwords reach Plesk exactly as curl would send them.
 */
function headerValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

export function createPleskClient(options: PleskClientOptions): PleskClient {
  const secrets = options.auth.method === 'password' ? [options.auth.password] : [options.auth.key];
  const headers: Record<string, string> =
    options.auth.method === 'password'
      ? { HTTP_AUTH_LOGIN: headerValue(options.auth.login), HTTP_AUTH_PASSWD: headerValue(options.auth.password) }
      : { KEY: headerValue(options.auth.key) };
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const transport = createTransport({
    url: options.url,
    headers,
    tlsVerify: options.tlsVerify ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
    maxSockets: concurrency,
  });
  const session = new Session(transport, secrets);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULTS.batchSize);
  if (options.protocol !== undefined && !isVersion(options.protocol)) {
    throw new SyncError('pleskRejected', { message: `"${options.protocol}" is not a Plesk protocol version (e.g. 1.6.9.0)` });
  }
  const negotiate = negotiator(session, options.protocol);
  const context = async (): Promise<ReadContext> => ({ session, protocol: await negotiate(), batchSize, concurrency });
  return { negotiate, ...reads(context), close: () => transport.close() };
}

/** The protocol to speak, asked once (a failed negotiation, e.g. server down, is tried again on the next call). */
function negotiator(session: Session, forced: string | undefined): () => Promise<PleskProtocol> {
  async function askProtocols(): Promise<PleskProtocol> {
    // Without a version attribute Plesk answers in its newest protocol, which every server accepts.
    const packet = await session.send(GET_PROTOS, undefined);
    const [result] = session.operationResults(packet, 'server', 'get_protos').flat();
    if (!result) throw new SyncError('pleskBadResponse', { message: 'Plesk response refused: get_protos returned no result' });
    if (!result.ok) throw session.fault(result, 'server get_protos');
    const offered = texts(child(result.node, 'protos'), 'proto');
    const chosen = chooseProtocol(offered);
    if (!chosen) {
      throw new SyncError('pleskRejected', {
        message: `Plesk offers no protocol this connector speaks (offered: ${offered.join(', ') || 'none'})`,
      });
    }
    return chosen;
  }

  async function negotiateOnce(): Promise<PleskProtocol> {
    if (forced === undefined) return askProtocols();
    try {
      // Probe the forced version; a server that does not know it answers 1005.
      await session.send(GET_PROTOS, forced);
      return describeProtocol(forced);
    } catch (error) {
      if (isSyncError(error) && error.serverCode === PLESK_ERRCODE.versionNotSupported) return askProtocols();
      throw error;
    }
  }

  let negotiated: Promise<PleskProtocol> | undefined;
  return () => {
    negotiated ??= negotiateOnce().catch((error: unknown) => {
      negotiated = undefined;
      throw error;
    });
    return negotiated;
  };
}

/** Every read, each in the negotiated protocol. */
function reads(context: () => Promise<ReadContext>): Omit<PleskClient, 'negotiate' | 'close'> {
  return {
    listResellers: async () => listResellers(await context()),
    listCustomers: async () => listCustomers(await context()),
    listDomains: async () => listDomains(await context()),
    listMailboxes: async (domains) => listMailboxes(await context(), domains),
    getAdminContact: async () => getAdminContact(await context()),
    getReseller: async (id) => getReseller(await context(), id),
    getCustomer: async (id) => getCustomer(await context(), id),
    getPerson: async (kind, id) => (kind === 'reseller' ? getReseller(await context(), id) : getCustomer(await context(), id)),
    getDomain: async (id) => getDomain(await context(), id),
    getMailboxes: async (domainId) => getMailboxes(await context(), domainId),
    async getMailbox(pleskId) {
      const { domainId, mailNameId } = parseMailboxPleskId(pleskId);
      try {
        return (await getMailboxes(await context(), domainId)).find((m) => m.mailNameId === mailNameId) ?? null;
      } catch (error) {
        if (isSyncError(error) && error.reason === 'pleskAccountNotFound') return null;
        throw error;
      }
    },
    async readEstate() {
      const ctx = await context();
      // Resellers, customers and domains are asked for at once (still no more than `concurrency`
      // packets in flight): owners are matched once all three are read, so Plesk is never idle
      // between them. The mailboxes need the domains' names.
      const resellersRead = listResellers(ctx);
      const resellerIds = resellersRead.then((resellers) => new Set(resellers.map((r) => r.pleskId)));
      const customersRead = listCustomers(ctx, resellerIds);
      const owners = Promise.all([resellerIds, customersRead]).then(([resellers, customers]) => ({
        resellers,
        customers: new Set(customers.map((c) => c.pleskId)),
      }));
      // A failed read fails readEstate through Promise.all below; these branches must not count as unhandled meanwhile.
      for (const branch of [resellerIds, owners]) branch.catch(() => {});
      const [resellers, customers, domains] = await Promise.all([resellersRead, customersRead, listDomains(ctx, owners)]);
      const mailboxes = await listMailboxes(ctx, domains);
      return { protocol: ctx.protocol, resellers, customers, domains, mailboxes };
    },
  };
}
