/**
 * What the durability tests share: the outcome each account of a generated Plesk estate should
 * have (read from the simulator's own data and the simulated VoipNow's own rules), the final
 * state of a run read back from the database and the VoipNow simulator, and the invariants that
 * mean "nothing lost, nothing created twice".
 */
import { expect } from 'vitest';
import {
  mailboxPleskId,
  REASONS,
  voipnowFieldRefusal,
  voipnowTag,
  type AccountKind,
  type SpecReason,
  type VoipnowFields,
} from '../../domain';
import { isSpecReason } from '../../domain/reasons';
import type { SimEstate } from '../../simulators/plesk';
import { SIM_LOOKUPS } from '../../simulators/voipnow/lookups';
import { replicateTree } from '../../workflows';
import type { TreeResult } from '../../domain/workflow-types';
import type { TestStack } from '../support/stack';

/** `kind/pleskId`: an account without its Plesk server, so two stacks' runs compare. */
export type AccountId = string;

export interface ExpectedAccount {
  kind: AccountKind;
  pleskId: string;
  /** The Plesk parent that must be linked first (none for resellers, clients and the admin's domains). */
  parent?: AccountId;
  /** The spec reasons the account's own data earns in VoipNow, in the order VoipNow checks them. */
  defects: SpecReason[];
  /** Its login in VoipNow: the Plesk login, the domain's ASCII name, the mailbox's address. */
  login: string;
}

const ADMIN_ID = 1;

/** The reason the simulated VoipNow's field rules (domain/voipnow-fields.ts) give `fields`, as the engine reads it. */
function defectOf(fields: VoipnowFields): SpecReason | undefined {
  const refusal = voipnowFieldRefusal(fields, SIM_LOOKUPS, { creating: false });
  if (!refusal) return undefined;
  if (!isSpecReason(refusal.reason)) throw new Error(`VoipNow's ${refusal.field} rule gives no spec reason (${refusal.reason})`);
  return refusal.reason;
}

/** The checks VoipNow makes on an add, in its order: password, email, interface language. */
function defectsOfLogin(data: { login: string; password?: string | undefined; email: string; locale?: string | undefined }): SpecReason[] {
  const lang = data.locale?.trim().slice(0, 2).toLowerCase();
  return [
    data.password ? defectOf({ login: data.login, password: data.password }) : undefined,
    data.email ? defectOf({ email: data.email }) : undefined,
    lang ? defectOf({ interfaceLang: lang }) : undefined,
  ].filter((d): d is SpecReason => d !== undefined);
}

/**
 * Every account of the estate with its parent and defects, by spec section 2: resellers and
 * clients carry their own contact data (current Plesk gives no password: one is generated); a
 * domain and its mailboxes use the domain administrator when it is enabled and complete, else the
 * owner's contact; the owner's interface language always; a mailbox its own password.
 */
export function expectedAccounts(estate: SimEstate, loginSuffix = ''): Map<AccountId, ExpectedAccount> {
  const out = new Map<AccountId, ExpectedAccount>();
  // A server's login suffix (several Plesk servers, decision 098) is part of the VoipNow login, and of VoipNow's password rule.
  const defectsOf = (data: Parameters<typeof defectsOfLogin>[0]) => defectsOfLogin({ ...data, login: data.login + loginSuffix });
  const add = (account: ExpectedAccount) =>
    out.set(`${account.kind}/${account.pleskId}`, { ...account, login: account.login + loginSuffix });
  const people = new Map<number, { kind: 'reseller' | 'client'; email: string; locale: string }>();
  for (const r of estate.resellers) {
    people.set(r.id, { kind: 'reseller', email: r.contact.email, locale: r.contact.locale });
    add({
      kind: 'reseller',
      pleskId: String(r.id),
      login: r.login,
      defects: defectsOf({ login: r.login, email: r.contact.email, locale: r.contact.locale }),
    });
  }
  for (const c of estate.customers) {
    people.set(c.id, { kind: 'client', email: c.contact.email, locale: c.contact.locale });
    add({
      kind: 'client',
      pleskId: String(c.id),
      login: c.login,
      defects: defectsOf({ login: c.login, email: c.contact.email, locale: c.contact.locale }),
    });
  }
  const webspaces = new Map(estate.domains.filter((d) => d.type === 'webspace').map((d) => [d.id, d]));
  const domainInfo = new Map<number, { asciiName: string; contactEmail: string; locale?: string }>();
  for (const d of estate.domains) {
    const webspace = d.type === 'webspace' ? d : webspaces.get(d.webspaceId!)!;
    const ownerId = webspace.ownerId!;
    const owner = ownerId === ADMIN_ID ? undefined : people.get(ownerId);
    const admin = webspace.admin;
    const complete =
      admin !== undefined &&
      admin.enabled &&
      [admin.address, admin.email, admin.phone, admin.fax, admin.company, admin.city, admin.state, admin.pcode, admin.password].every(
        (v) => !!v?.trim(),
      );
    const contactEmail = complete ? admin.email : (owner?.email ?? '');
    const login = d.asciiName.toLowerCase();
    domainInfo.set(d.id, { asciiName: d.asciiName, contactEmail, ...(owner ? { locale: owner.locale } : {}) });
    add({
      kind: 'domain',
      pleskId: String(d.id),
      login,
      ...(owner ? { parent: `${owner.kind}/${ownerId}` } : {}),
      defects: defectsOf({ login, password: complete ? admin.password : undefined, email: contactEmail, locale: owner?.locale }),
    });
  }
  for (const m of estate.mailboxes) {
    if (!m.enabled) continue; // a forwarding-only mail name is no mailbox
    const domain = domainInfo.get(m.domainId)!;
    const login = `${m.name}@${domain.asciiName}`.toLowerCase();
    add({
      kind: 'mailbox',
      pleskId: mailboxPleskId(String(m.domainId), String(m.id)),
      login,
      parent: `domain/${m.domainId}`,
      defects: defectsOf({ login, password: m.password, email: domain.contactEmail, locale: domain.locale }),
    });
  }
  return out;
}

/** One account's end state in a run. */
export type Outcome =
  { state: 'linked' } | { state: 'failed'; reasonType: string } | { state: 'skipped' } | { state: 'other'; detail: string };

export interface RunState {
  /** Accounts of discovery's snapshot, by AccountId. */
  outcomes: Map<AccountId, Outcome>;
  links: { id: AccountId; voipnowKind: string; voipnowId: number; passwordEnc: string | null }[];
  attempts: Map<AccountId, { number: number; outcome: string; reasonType: string | null; reasonText: string | null }[]>;
  /** VoipNow objects (the admin aside), with the account their tag names, if any. */
  voipnow: { id: number; kind: string; login: string; parentId: number; tag: string | undefined; owner: AccountId | undefined }[];
}

/** Reads a run's end state from the database and the VoipNow simulator. */
export async function readRunState(stack: TestStack, server: ServerOf = stack): Promise<RunState> {
  const where = { pleskServer: server.pleskServer };
  const [accounts, links, attempts] = await Promise.all([
    stack.db.pleskAccount.findMany({
      where: { ...where, vanishedAt: null },
      select: { kind: true, pleskId: true, ownerKind: true, ownerId: true },
    }),
    stack.db.accountLink.findMany({ where, select: { kind: true, pleskId: true, voipnowKind: true, voipnowId: true, passwordEnc: true } }),
    stack.db.attempt.findMany({ where, orderBy: [{ kind: 'asc' }, { pleskId: 'asc' }, { number: 'asc' }] }),
  ]);
  const byAccount = new Map<AccountId, RunState['attempts'] extends Map<string, infer V> ? V : never>();
  for (const a of attempts) {
    const id = `${a.kind}/${a.pleskId}`;
    const list = byAccount.get(id) ?? [];
    list.push({ number: a.number, outcome: a.outcome, reasonType: a.reasonType, reasonText: a.reasonText });
    byAccount.set(id, list);
  }
  const linked = new Set(links.map((l) => `${l.kind}/${l.pleskId}`));
  const outcomes = new Map<AccountId, Outcome>();
  for (const account of accounts) {
    const id = `${account.kind}/${account.pleskId}`;
    const last = byAccount.get(id)?.at(-1);
    const parent =
      account.kind === 'reseller' || account.kind === 'client' || account.ownerKind === null
        ? undefined
        : `${account.ownerKind}/${account.ownerId}`;
    let outcome: Outcome;
    if (linked.has(id)) outcome = { state: 'linked' };
    else if (last?.outcome === 'failed' && last.reasonType) outcome = { state: 'failed', reasonType: last.reasonType };
    else if (!last && parent && !linked.has(parent)) outcome = { state: 'skipped' };
    else
      outcome = {
        state: 'other',
        detail: last ? `last attempt ${last.outcome} ${last.reasonType ?? ''}` : `no attempt, parent ${parent ?? 'none'}`,
      };
    outcomes.set(id, outcome);
  }
  const prefix = `${server.config.soapTag}:`;
  // Another server's objects (several Plesk servers into one VoipNow) are that server's run; untagged ones stay in.
  const ours = stack.voipnow.state.accounts.filter((a) => !a.serverID || a.serverID.startsWith(prefix) || !isOurTag(a.serverID));
  const voipnow = ours.map((a) => {
    const tag = a.serverID;
    const owner = tag?.startsWith(prefix) ? tag.slice(prefix.length).replace(':', '/') : undefined;
    return { id: a.ID, kind: a.kind, login: a.login, parentId: a.parentID, tag, owner };
  });
  return {
    outcomes,
    links: links.map((l) => ({
      id: `${l.kind}/${l.pleskId}`,
      voipnowKind: l.voipnowKind,
      voipnowId: l.voipnowId,
      passwordEnc: l.passwordEnc,
    })),
    attempts: byAccount,
    voipnow,
  };
}

/**
 * Nothing lost, nothing created twice: every VoipNow object carries the tag of exactly one linked
 * account and no tag appears twice; every link points at the object tagged with its account;
 * every account is linked, failed with a spec reason, or skipped under an unlinked parent; no try
 * is left running, and one cut short by a dead worker shows as interrupted.
 */
/** Which server's run: its name and SOAP tag (a TestStack is one; a second server registered on it is another). */
export type ServerOf = Pick<TestStack, 'pleskServer'> & { config: Pick<TestStack['config'], 'soapTag'> };

/** A tag of the form the engine writes (`<soapTag>:<kind>:<Plesk ID>`), whichever server's. */
function isOurTag(tag: string): boolean {
  return /^[^:]+:(reseller|client|domain|mailbox):[0-9.]+$/.test(tag);
}

export function expectDurableState(stack: ServerOf, run: RunState): void {
  const tags = run.voipnow.map((o) => o.tag);
  expect(
    tags.filter((t) => t === undefined),
    'VoipNow objects without our tag',
  ).toEqual([]);
  const seen = new Map<string, number>();
  for (const tag of tags) seen.set(tag!, (seen.get(tag!) ?? 0) + 1);
  expect(
    [...seen].filter(([, n]) => n > 1),
    'SOAP tags on more than one VoipNow object',
  ).toEqual([]);

  const objectById = new Map(run.voipnow.map((o) => [o.id, o]));
  const linkById = new Map(run.links.map((l) => [l.id, l]));
  expect(run.links.length, 'links = tagged VoipNow objects').toBe(run.voipnow.length);
  for (const link of run.links) {
    const object = objectById.get(link.voipnowId);
    const [kind, pleskId] = link.id.split('/') as [AccountKind, string];
    expect(object?.tag, `VoipNow object of ${link.id}`).toBe(
      voipnowTag(stack.config.soapTag, { pleskServer: stack.pleskServer, kind, pleskId }),
    );
    expect(object?.kind).toBe(link.voipnowKind);
  }
  expect(
    run.voipnow.filter((o) => !o.owner || !linkById.has(o.owner)),
    'VoipNow objects without a link',
  ).toEqual([]);

  const others = [...run.outcomes].filter(([, o]) => o.state === 'other');
  expect(others, 'accounts neither linked, failed nor skipped').toEqual([]);
  for (const [id, outcome] of run.outcomes) {
    if (outcome.state !== 'failed') continue;
    const last = run.attempts.get(id)!.at(-1)!;
    expect(isSpecReason(outcome.reasonType) ? last.reasonText : outcome.reasonType, `reason of ${id}`).toBe(
      REASONS[outcome.reasonType as SpecReason],
    );
  }
  for (const [id, attempts] of run.attempts) {
    expect(
      attempts.filter((a) => a.outcome === 'running'),
      `tries of ${id} left running`,
    ).toEqual([]);
    if (run.outcomes.get(id)?.state === 'linked') expect(attempts.at(-1)?.outcome, `last try of linked ${id}`).toBe('succeeded');
  }
}

/**
 * Each account's outcome is the one its data earns: linked when valid under a linked parent,
 * skipped under an unlinked one, else failed with the reason of its first defect in VoipNow's
 * order of checks (the only one, mostly). A linked account's VoipNow object has the expected
 * login and sits under its Plesk parent's VoipNow object (the admin for resellers, clients and
 * the admin's domains). Together with expectDurableState this pins a run's whole end state, so
 * two runs over the same estate that both pass ended the same.
 */
export function expectOutcomesMatch(expected: Map<AccountId, ExpectedAccount>, run: RunState): void {
  expect([...run.outcomes.keys()].sort()).toEqual([...expected.keys()].sort());
  const objectOf = new Map(run.links.map((l) => [l.id, run.voipnow.find((o) => o.id === l.voipnowId)]));
  const wrong: string[] = [];
  for (const [id, account] of expected) {
    const outcome = run.outcomes.get(id)!;
    const parentLinked = !account.parent || run.outcomes.get(account.parent)?.state === 'linked';
    const describe = JSON.stringify(outcome);
    if (!parentLinked) {
      if (outcome.state !== 'skipped') wrong.push(`${id}: parent ${account.parent} unlinked, expected skipped, got ${describe}`);
    } else if (account.defects.length === 0) {
      const object = objectOf.get(id);
      const parentId = account.parent ? objectOf.get(account.parent)?.id : 1;
      if (outcome.state !== 'linked') wrong.push(`${id}: valid, expected linked, got ${describe}`);
      else if (object?.login !== account.login || object.parentId !== parentId) {
        wrong.push(`${id}: expected VoipNow login ${account.login} under #${parentId}, got ${object?.login} under #${object?.parentId}`);
      }
    } else if (outcome.state !== 'failed' || outcome.reasonType !== account.defects[0]) {
      wrong.push(`${id}: defects ${account.defects.join('+')}, expected failed:${account.defects[0]}, got ${describe}`);
    }
  }
  expect(wrong).toEqual([]);
}

/** Counts of outcomes, for the report: linked, skipped and failures by reason. */
export function tally(run: RunState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of run.outcomes.values()) {
    const name = outcome.state === 'failed' ? `failed:${outcome.reasonType}` : outcome.state;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Starts a bulk replication of the whole estate. */
export function startBulk(stack: TestStack, parallelism?: number) {
  return stack.temporal.workflow.start(replicateTree, {
    taskQueue: stack.taskQueue,
    workflowId: `bulk/${stack.pleskServer}`,
    args: [{ pleskServer: stack.pleskServer, scope: { kind: 'all' }, mode: 'bulk', ...(parallelism ? { parallelism } : {}) }],
  });
}

export type { TreeResult };
