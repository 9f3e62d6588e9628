/**
 * The baseline: the same connector calls as the engine's activity (Plesk reads, VoipNow template
 * list, lookup by tag, create), for the same accounts in the same parents-first order and with
 * the same concurrency, in a plain loop: no Temporal, no database. What the engine costs on top
 * of this is the price of durability.
 */
import { randomBytes } from 'node:crypto';
import type { Connectors } from '../connectors';
import {
  VOIPNOW_KIND_OF,
  deriveClient,
  deriveExtension,
  deriveReseller,
  generatePassword,
  parseMailboxPleskId,
  voipnowTag,
  type AccountKey,
  type DerivedAccount,
  type PleskDomain,
} from '../domain';
import type { Bar } from './progress';

export interface BaselineResult {
  seconds: number;
  done: number;
  failed: number;
  skipped: number;
  soapCalls: number;
}

async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runBaseline(options: {
  connectors: Connectors;
  levels: AccountKey[][];
  soapTag: string;
  templates: { reseller?: string; client?: string; extension?: string };
  concurrency: number;
  soapCalls: () => Promise<number>;
  bar: Bar;
}): Promise<BaselineResult> {
  const { connectors, bar } = options;
  const linked = new Map<string, number>();
  /** VoipNow parent of each object we made: the engine asks the grandparent for templates too. */
  const voipnowParent = new Map<number, number>();
  const templateIds = new Map<string, Promise<number | undefined>>();
  const id = (k: { kind: string; pleskId: string }) => `${k.kind}/${k.pleskId}`;
  const total = options.levels.reduce((s, l) => s + l.length, 0);
  const result: BaselineResult = { seconds: 0, done: 0, failed: 0, skipped: 0, soapCalls: 0 };
  const callsBefore = await options.soapCalls();
  const started = Date.now();

  // The engine asks the VoipNow parent for its templates (issue 11 rule 5), once a minute per
  // parent; this loop asks once per parent.
  const templateOf = (kind: 'reseller' | 'client' | 'extension', parentId: number | undefined) => {
    const name = options.templates[kind];
    if (!name) return Promise.resolve(undefined);
    const owner = kind === 'reseller' ? undefined : parentId;
    const cacheKey = `${kind}/${owner ?? 'admin'}`;
    let found = templateIds.get(cacheKey);
    if (!found) {
      found = connectors.voipnow.templatesOwnedBy(kind, owner).then((list) => list.find((t) => t.name === name)?.id);
      templateIds.set(cacheKey, found);
    }
    return found;
  };

  const replicateOne = async (key: AccountKey) => {
    let derived: DerivedAccount;
    let parentId: number | undefined;
    // The owner of a domain, as the engine reads it (null: the Plesk admin).
    const ownerOf = async (domain: PleskDomain) => {
      if (domain.owner.kind === 'admin') return null;
      const owner = await connectors.plesk.getPerson(domain.owner.kind, domain.owner.pleskId);
      if (!owner) throw new Error('gone');
      return owner;
    };
    if (key.kind === 'reseller' || key.kind === 'client') {
      const person = await connectors.plesk.getPerson(key.kind, key.pleskId);
      if (!person) throw new Error('gone');
      derived = deriveReseller(person);
    } else if (key.kind === 'domain') {
      const domain = await connectors.plesk.getDomain(key.pleskId);
      if (!domain) throw new Error('gone');
      const owner = await ownerOf(domain);
      if (domain.owner.kind !== 'admin') {
        parentId = linked.get(id(domain.owner));
        if (parentId === undefined) return 'skipped';
      }
      derived = deriveClient(domain, owner);
    } else {
      const { domainId } = parseMailboxPleskId(key.pleskId);
      const [mailbox, domain] = await Promise.all([connectors.plesk.getMailbox(key.pleskId), connectors.plesk.getDomain(domainId)]);
      if (!mailbox?.enabled || !domain) throw new Error('gone');
      const owner = await ownerOf(domain);
      parentId = linked.get(id({ kind: 'domain', pleskId: domainId }));
      if (parentId === undefined) return 'skipped';
      derived = deriveExtension(mailbox, domain, owner);
    }
    const kind = VOIPNOW_KIND_OF[key.kind];
    const templateId = await templateOf(kind, kind === 'reseller' ? undefined : parentId);
    const tag = voipnowTag(options.soapTag, key);
    const password = derived.password ?? generatePassword(derived.data.login, randomBytes);
    const found = await connectors.voipnow.findByTag(kind, tag);
    const object =
      found ??
      (await connectors.voipnow.create(kind, {
        ...derived.data,
        password,
        tag,
        ...(parentId !== undefined ? { parentId } : {}),
        ...(templateId !== undefined ? { templateId } : {}),
      }));
    linked.set(id(key), object.id);
    if (parentId !== undefined) voipnowParent.set(object.id, parentId);
    return 'done';
  };

  for (const level of options.levels) {
    await runBounded(level, options.concurrency, async (key) => {
      try {
        const outcome = await replicateOne(key);
        if (outcome === 'skipped') result.skipped += 1;
        else result.done += 1;
      } catch {
        result.failed += 1;
      }
      const finished = result.done + result.failed + result.skipped;
      if (finished % 50 === 0 || finished === total)
        bar.update(finished, { total, detail: `${result.done} done, ${result.failed} failed, ${result.skipped} skipped` });
    });
  }
  result.seconds = (Date.now() - started) / 1000;
  result.soapCalls = (await options.soapCalls()) - callsBefore;
  return result;
}
