/**
 * Binds the real connectors to the activities' ports: the Plesk XML API client and the VoipNow
 * SOAP client, built from one Plesk server's settings.
 */
import { createPleskClient, type PleskClient, type PleskCustomer, type PleskDomain, type PleskReseller } from '../connectors/plesk';
import { createVoipnowClient, type AccountDetails, type VoipnowClient } from '../connectors/voipnow';
import {
  SyncError,
  TEMPLATE_LEVEL,
  mailboxPleskId,
  type PleskDomainRecord,
  type PleskPerson,
  type VoipnowKind,
} from '../domain';
import type { ServerSettings } from '../db/settings';
import type { ConnectorSet, PleskPort, VoipnowObject, VoipnowPort } from './ports';

export async function buildConnectors(settings: ServerSettings): Promise<ConnectorSet & { close(): void }> {
  const plesk = createPleskClient({ url: settings.plesk.url, auth: settings.plesk.auth, tlsVerify: settings.plesk.tlsVerify });
  const voipnow = await createVoipnowClient({
    url: settings.voipnow.url,
    auth: settings.voipnow.auth,
    timeoutMs: settings.voipnow.timeoutMs,
    tlsVerify: settings.voipnow.tlsVerify,
  });
  return {
    plesk: pleskPort(plesk),
    voipnow: voipnowPort(voipnow),
    close() {
      plesk.close();
      voipnow.close();
    },
  };
}

export function toPerson(account: PleskReseller | PleskCustomer): PleskPerson {
  return {
    kind: account.kind,
    pleskId: account.id,
    login: account.login,
    contact: account.contact,
    ...(account.password ? { password: account.password } : {}),
    owner: account.owner.kind === 'reseller' ? { kind: 'reseller', pleskId: account.owner.id } : { kind: 'admin' },
  };
}

export function toDomainRecord(domain: PleskDomain): PleskDomainRecord {
  const owner = domain.owner;
  return {
    pleskId: domain.id,
    name: domain.name,
    asciiName: domain.asciiName,
    owner: owner.kind === 'admin' ? { kind: 'admin' } : { kind: owner.kind, pleskId: owner.id },
    ...(domain.admin
      ? { administrator: { login: domain.admin.login, contact: domain.admin.contact, ...(domain.admin.password ? { password: domain.admin.password } : {}) } }
      : {}),
  };
}

export function pleskPort(client: PleskClient): PleskPort {
  return {
    async getPerson(kind, pleskId) {
      const account = kind === 'reseller' ? await client.getReseller(pleskId) : await client.getCustomer(pleskId);
      return account && toPerson(account);
    },
    async getDomain(pleskId) {
      const domain = await client.getDomain(pleskId);
      return domain && toDomainRecord(domain);
    },
    async getMailbox(domainId, mailNameId) {
      let mailboxes;
      try {
        mailboxes = await client.getMailboxes(domainId);
      } catch (error) {
        if (error instanceof SyncError && error.reason === 'pleskAccountNotFound') return null;
        throw error;
      }
      const mailbox = mailboxes.find((m) => m.id === mailNameId && m.enabled);
      return mailbox
        ? { pleskId: mailboxPleskId(domainId, mailbox.id), domainId, address: mailbox.asciiAddress, ...(mailbox.password ? { password: mailbox.password } : {}) }
        : null;
    },
    readEstate: () => client.readEstate(),
  };
}

function toObject(details: AccountDetails): VoipnowObject {
  return {
    id: details.id,
    kind: details.kind,
    login: details.login,
    ...(details.parentId !== undefined ? { parentId: details.parentId } : {}),
    ...(details.serverID ? { tag: details.serverID } : {}),
  };
}

/** Templates change rarely and every account of a parent asks for them: keep them a minute. */
const TEMPLATE_TTL_MS = 60_000;

export function voipnowPort(client: VoipnowClient): VoipnowPort {
  const templateCache = new Map<string, { at: number; templates: Promise<{ id: number; name: string }[]> }>();
  const create = (kind: VoipnowKind, account: Parameters<VoipnowPort['create']>[1]) => {
    const { tag, parentId, templateId, ...data } = account;
    const common = { ...data, serverID: tag, ...(templateId !== undefined ? { templateId } : {}) };
    switch (kind) {
      case 'reseller':
        return client.addReseller({ ...common, ...(parentId !== undefined ? { parentId } : {}) });
      case 'client':
        // A domain of the Plesk admin becomes a client of the VoipNow admin (no parent named).
        return client.addClient({ ...common, ...(parentId !== undefined ? { parentId } : {}) });
      case 'extension':
        if (parentId === undefined) throw new SyncError('invalidParent');
        return client.addExtension({ ...common, parentId, extensionType: 'term' });
    }
  };
  return {
    async findByTag(kind, tag) {
      const found = await client.findAccount(kind, { serverID: tag });
      return found && toObject(found);
    },
    async findByLogin(kind, login) {
      const found = await client.findAccount(kind, { login });
      return found && toObject(found);
    },
    async get(kind, id) {
      const found = await client.getAccountDetails(kind, id);
      return found && toObject(found);
    },
    async create(kind, account) {
      return toObject(await create(kind, account));
    },
    async setPassword(kind, id, password) {
      if (kind === 'reseller') await client.editReseller(id, { password });
      else if (kind === 'client') await client.editClient(id, { password });
      else await client.editExtension(id, { password });
    },
    moveClients: (clientIds, resellerId) => client.moveClients(clientIds, resellerId),
    async ping() {
      const brief = await client.ping();
      return brief.version ? { version: brief.version } : {};
    },
    templates(kind, ownerId) {
      const cacheKey = `${kind}/${ownerId ?? 'admin'}`;
      const cached = templateCache.get(cacheKey);
      if (cached && Date.now() - cached.at < TEMPLATE_TTL_MS) return cached.templates;
      const templates = client
        .getTemplates({ userLevel: TEMPLATE_LEVEL[kind], ...(ownerId !== undefined ? { userId: ownerId } : {}) })
        .then((list) => list.map((t) => ({ id: t.id, name: t.name })));
      templates.catch(() => templateCache.delete(cacheKey));
      // One entry per VoipNow parent: drop the expired ones now and then, so a worker that
      // replicates hundreds of thousands of accounts does not keep every parent's list.
      if (templateCache.size >= 1000) for (const [key, entry] of templateCache) if (Date.now() - entry.at >= TEMPLATE_TTL_MS) templateCache.delete(key);
      templateCache.set(cacheKey, { at: Date.now(), templates });
      return templates;
    },
  };
}
