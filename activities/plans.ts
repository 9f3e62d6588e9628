/**
 * Computing a plan (dry run) of a bulk replication or a move: reads Plesk's estate, the links,
 * the admin's unlinks and VoipNow's lists (accounts, languages, templates), and asks the domain's
 * rules (domain/plans.ts) what each account would get. Read-only towards VoipNow: list and lookup
 * calls only. docs/decisions/085-plans.md.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { PleskEstate } from '../connectors/plesk';
import type { VoipnowClient } from '../connectors/voipnow';
import { accountsWithOurReplicateTries } from '../db/attempts';
import { allPlanItems, planState, plannedAccountRow, failPlan, findPlan, savePlanItems, type PlanItemRow, type PlanRow } from '../db/plans';
import type { ServerSettings } from '../db/settings';
import type { SnapshotRow } from '../db/snapshot';
import { automaticallyTaken, automaticSelection, type AutomaticSelection } from '../db/tree';
import {
  VOIPNOW_KIND_OF,
  addToTotals,
  deriveClient,
  deriveExtension,
  deriveReseller,
  withLoginSuffix,
  emptyTotals,
  keyToString,
  parseKey,
  planFailure,
  predictReplication,
  templateOwner,
  voipnowTag,
  type AccountKey,
  type AccountKind,
  type DerivedAccount,
  type PlannedAccount,
  type PleskDomain,
  type PleskPerson,
  type ReasonType,
  type TemplateOption,
  type VoipnowKind,
  type VoipnowLookups,
} from '../domain';
import type { ActivityDeps } from './deps';
import { estateToRows } from './estate';
import { toApplicationFailure, toSyncError } from './failures';
import { withHeartbeat } from './heartbeat';
import { planMove } from './move';

export interface ComputePlanResult {
  accounts: number;
  /** Accounts whose prediction differs from the plan's previous computation ("planned again"). */
  replanned: { key: string; before: string; after: string }[];
  replannedCount: number;
}

const MAX_REPLANNED_LISTED = 200;

export async function computePlan(deps: ActivityDeps, input: { planId: string; again?: boolean }): Promise<ComputePlanResult> {
  const plan = await findPlan(deps.db, input.planId);
  if (!plan) return { accounts: 0, replanned: [], replannedCount: 0 };
  try {
    const before = input.again ? await allPlanItems(deps.db, plan.id) : [];
    const items = await withHeartbeat(() => (plan.request.kind === 'move' ? moveItems(deps, plan) : bulkItems(deps, plan)), {
      step: 'planning',
    });
    const totals = emptyTotals();
    for (const item of items) addToTotals(totals, item.kind, item);
    await withHeartbeat(() => savePlanItems(deps.db, plan.id, items, totals), { step: 'saving the plan' });
    const replanned = input.again ? compareItems(plan.pleskServer, before, items) : [];
    return { accounts: items.length, replanned: replanned.slice(0, MAX_REPLANNED_LISTED), replannedCount: replanned.length };
  } catch (caught) {
    // A retryable failure (Plesk or VoipNow unavailable) is tried again; the workflow marks the
    // plan failed when the tries run out (markPlanFailed).
    const error = toSyncError(caught);
    if (!error.retryable) await failPlan(deps.db, plan.id, `The plan could not be made: ${error.describe()}`);
    throw toApplicationFailure(error);
  }
}

export async function markPlanFailed(deps: ActivityDeps, input: { planId: string; message: string }): Promise<void> {
  const plan = await findPlan(deps.db, input.planId);
  if (plan?.state === 'computing') await failPlan(deps.db, input.planId, `The plan could not be made: ${input.message}`);
}

const describe = (item: PlanItemRow) =>
  (item.action === 'fail' ? `fail (${item.reasonType})` : item.action) + (item.template ? `, template ${item.template}` : '');

/** Accounts whose data, action, reason or template differ from the previous plan (or are new to it). */
function compareItems(pleskServer: string, before: PlanItemRow[], after: PlanItemRow[]): ComputePlanResult['replanned'] {
  const old = new Map(before.map((item) => [`${item.kind}/${item.pleskId}`, item]));
  const changed: ComputePlanResult['replanned'] = [];
  for (const item of after) {
    const was = old.get(`${item.kind}/${item.pleskId}`);
    if (was && was.dataHash === item.dataHash && describe(was) === describe(item)) continue;
    changed.push({
      key: `${pleskServer}/${item.kind}/${item.pleskId}`,
      before: was ? describe(was) : 'not in the plan',
      after: describe(item),
    });
  }
  return changed;
}

async function moveItems(deps: ActivityDeps, plan: PlanRow): Promise<PlanItemRow[]> {
  if (plan.request.kind !== 'move') return [];
  const key = parseKey(plan.request.key);
  const row = await plannedAccountRow(deps.db, key);
  const base = {
    seq: 1,
    kind: key.kind,
    pleskId: key.pleskId,
    name: row?.name ?? keyToString(key),
    ...(row ? { dataHash: row.dataHash } : {}),
  };
  let planned: PlannedAccount;
  try {
    const move = await planMove(deps, { key });
    planned = move.unchanged
      ? { action: 'skipLinked', detail: `already under ${move.to} in VoipNow: nothing to move` }
      : { action: 'move', detail: `from ${move.from} to ${move.to}${move.moveInVoipnow ? ' (VoipNow client moves too)' : ''}` };
  } catch (caught) {
    // planMove leaves with the reason-typed Temporal failure (failures.ts asFailure).
    if (caught instanceof ApplicationFailure && caught.type) planned = planFailure(caught.type as ReasonType, caught.message);
    else throw caught;
  }
  return [{ ...base, ...planned }];
}

/** Everything the prediction of a bulk replication needs, read once. */
interface BulkContext {
  settings: ServerSettings;
  voipnow: VoipnowClient;
  persons: Map<string, PleskPerson>;
  domains: Map<string, PleskDomain>;
  mailboxes: Map<string, PleskEstate['mailboxes'][number]>;
  links: Map<string, { voipnowId: number; voipnowParentId: number | null; templateName: string | null }>;
  unlinked: Map<string, { at: Date; by: string | null }>;
  /** Accounts with a replicate try of ours since any unlink: a tagged object may be adopted (replicate.ts mayAdopt). */
  ourTries: Set<string>;
  preferences: Map<string, string>;
  logins: Record<VoipnowKind, Map<string, number>>;
  lookups: VoipnowLookups;
  templateLists: Map<string, Promise<TemplateOption[]>>;
  planned: Map<string, PlannedAccount>;
}

const id = (kind: string, pleskId: string) => `${kind}/${pleskId}`;

async function bulkContext(deps: ActivityDeps, plan: PlanRow): Promise<{ context: BulkContext; rows: SnapshotRow[] }> {
  const { settings, connectors } = await deps.server(plan.pleskServer);
  const { voipnow } = connectors;
  await voipnow.ping(); // wrong credentials: every account would fail alike, say so once
  const estate = await connectors.plesk.readEstate();
  const server = plan.pleskServer;
  const [{ links, unlinked, preferences }, ourTries, langs, resellers, clients, extensions] = await Promise.all([
    planState(deps.db, server),
    accountsWithOurReplicateTries(deps.db, server),
    voipnow.interfaceLanguages(),
    voipnow.list('reseller'),
    voipnow.list('client'),
    voipnow.list('extension'),
  ]);
  const byLogin = (list: { id: number; login: string }[]) => new Map(list.map((a) => [a.login.toLowerCase(), a.id]));
  const context: BulkContext = {
    settings,
    voipnow,
    persons: new Map([...estate.resellers, ...estate.customers].map((p) => [id(p.kind, p.pleskId), p])),
    domains: new Map(estate.domains.map((d) => [d.pleskId, d])),
    mailboxes: new Map(estate.mailboxes.map((m) => [m.pleskId, m])),
    links: new Map(links.map((l) => [id(l.kind, l.pleskId), l])),
    unlinked: new Map(unlinked.map((u) => [id(u.kind, u.pleskId), { at: u.unlinkedAt!, by: u.unlinkedBy }])),
    ourTries: new Set(ourTries.map((t) => id(t.kind, t.pleskId))),
    preferences: new Map(preferences.map((p) => [`${p.accountKind}/${p.pleskId}/${p.level}`, p.templateName])),
    logins: { reseller: byLogin(resellers), client: byLogin(clients), extension: byLogin(extensions) },
    lookups: { interfaceLangs: new Set(langs) },
    templateLists: new Map(),
    planned: new Map(),
  };
  return { context, rows: estateToRows(estate) };
}

const LEVEL_OF: Record<AccountKind, number> = { client: 0, reseller: 0, domain: 1, mailbox: 2 };

async function bulkItems(deps: ActivityDeps, plan: PlanRow): Promise<PlanItemRow[]> {
  const { context, rows } = await bulkContext(deps, plan);
  const inScope =
    plan.request.kind === 'bulk' && plan.request.scope === 'automatic'
      ? automaticFilter(context, await automaticSelection(deps.db, plan.pleskServer))
      : scopeFilter(plan, rows);
  // The run's order: level, then kind and Plesk ID (db/tree.ts).
  const ordered = rows
    .filter(inScope)
    .sort(
      (a, b) =>
        LEVEL_OF[a.kind] - LEVEL_OF[b.kind] ||
        (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.pleskId < b.pleskId ? -1 : a.pleskId > b.pleskId ? 1 : 0),
    );
  const items: PlanItemRow[] = [];
  for (const row of ordered) {
    const planned = await predictAccount(context, { pleskServer: plan.pleskServer, kind: row.kind, pleskId: row.pleskId });
    context.planned.set(id(row.kind, row.pleskId), planned);
    items.push({ seq: items.length + 1, kind: row.kind, pleskId: row.pleskId, name: row.name, dataHash: row.dataHash, ...planned });
    // Mostly cached answers: let the heartbeat timer run now and then.
    if (items.length % 2000 === 0) await new Promise((resume) => setImmediate(resume));
  }
  return items;
}

/**
 * The accounts the next automatic run would take (db/tree.ts automaticallyTaken): newly added ones
 * of the levels switched on, not linked; those an admin unlinked stay in, to show they are skipped.
 */
function automaticFilter(context: BulkContext, selection: AutomaticSelection): (row: SnapshotRow) => boolean {
  return (row) => !context.links.has(id(row.kind, row.pleskId)) && automaticallyTaken(selection, row.kind, row.pleskId, row.dataHash);
}

/** The accounts of the plan's scope: all, or the subtree of its root (as db/tree.ts selects them). */
function scopeFilter(plan: PlanRow, rows: SnapshotRow[]): (row: SnapshotRow) => boolean {
  if (plan.request.kind !== 'bulk' || plan.request.scope !== 'subtree') return () => true;
  const root = parseKey(plan.request.root);
  const inside = new Set<string>([id(root.kind, root.pleskId)]);
  // Rows come parents first (persons, domains, mailboxes): one pass adds each level's children.
  for (const row of rows) {
    if (row.ownerKind && row.ownerId && inside.has(id(row.ownerKind, row.ownerId))) inside.add(id(row.kind, row.pleskId));
  }
  return (row) => inside.has(id(row.kind, row.pleskId));
}

async function predictAccount(context: BulkContext, key: AccountKey): Promise<PlannedAccount> {
  const link = context.links.get(id(key.kind, key.pleskId));
  if (link)
    return {
      action: 'skipLinked',
      ...(link.templateName ? { template: link.templateName } : {}),
      detail: `linked to VoipNow #${link.voipnowId}`,
    };
  const unlinked = context.unlinked.get(id(key.kind, key.pleskId));
  if (unlinked) return { action: 'skipUnlinked', detail: `unlinked by ${unlinked.by ?? 'an admin'} at ${unlinked.at.toISOString()}` };
  const derivation = deriveFor(context, key);
  if ('action' in derivation) return derivation;
  const { derived, parent, owners } = derivation;
  let parentIds: number[] = [];
  if (parent) {
    const parentLink = context.links.get(id(parent.kind, parent.pleskId));
    const parentPlan = context.planned.get(id(parent.kind, parent.pleskId));
    if (parentLink) parentIds = [parentLink.voipnowId, ...(parentLink.voipnowParentId !== null ? [parentLink.voipnowParentId] : [])];
    else if (parentPlan?.action !== 'create' && parentPlan?.action !== 'adopt')
      return planFailure(
        'invalidParent',
        `Invalid parent client id. The ${parent.kind} ${parent.pleskId} that owns it is not replicated and this run will not replicate it.`,
      );
  }
  return predictWithVoipnow(context, key, derived, parentIds, owners);
}

async function predictWithVoipnow(
  context: BulkContext,
  key: AccountKey,
  derived: DerivedAccount,
  parentIds: number[],
  owners: AccountKey[],
): Promise<PlannedAccount> {
  const level = VOIPNOW_KIND_OF[key.kind];
  const configured = configuredTemplate(context, level, owners);
  const owned = level === 'reseller' ? [] : parentIds;
  const templates = configured ? await templateList(context, level, owned) : [];
  const holderId = context.logins[level].get(derived.data.login.toLowerCase());
  // Only a login VoipNow already has can be an object of ours from an earlier try: one lookup each.
  const tagged =
    holderId !== undefined ? (await context.voipnow.findByTag(level, voipnowTag(context.settings.soapTag, key))) !== null : false;
  return predictReplication({
    derived,
    template: { mode: 'bulk', ...(configured ? { configured } : {}) },
    templates,
    lookups: context.lookups,
    ...(holderId !== undefined ? { loginHolder: { tagged, ourEarlierTry: context.ourTries.has(id(key.kind, key.pleskId)) } } : {}),
  });
}

function configuredTemplate(context: BulkContext, level: VoipnowKind, owners: AccountKey[]): string | undefined {
  if (context.settings.allowCustomerTemplates && level !== 'reseller') {
    for (const owner of owners) {
      const preferred = context.preferences.get(`${owner.kind}/${owner.pleskId}/${level}`);
      if (preferred) return preferred;
    }
  }
  return context.settings.autoTemplates[level];
}

/**
 * The VoipNow parent's templates only (issue 11 rule 5, decision 093): `owners[0]` is the parent.
 * A parent this run will create has no ID yet: the admin's list stands in for the copies it gets.
 */
function templateList(context: BulkContext, level: VoipnowKind, owners: number[]): Promise<TemplateOption[]> {
  const owner = templateOwner(level, owners[0]);
  const cacheKey = `${level}/${owner ?? 'admin'}`;
  let list = context.templateLists.get(cacheKey);
  if (!list) {
    list = context.voipnow.templatesOwnedBy(level, owner);
    context.templateLists.set(cacheKey, list);
  }
  return list;
}

type Derivation = { derived: DerivedAccount; parent?: { kind: AccountKind; pleskId: string }; owners: AccountKey[] } | PlannedAccount;

/** The account's data as the engine derives it (activities/plan.ts), from the estate read once, with the server's login suffix. */
function deriveFor(context: BulkContext, key: AccountKey): Derivation {
  const derivation = deriveFromEstate(context, key);
  return 'derived' in derivation
    ? { ...derivation, derived: withLoginSuffix(derivation.derived, context.settings.loginSuffix) }
    : derivation;
}

function deriveFromEstate(context: BulkContext, key: AccountKey): Derivation {
  const gone = planFailure('pleskAccountNotFound');
  const ownersOf = (person: PleskPerson | null): AccountKey[] =>
    person
      ? [
          { pleskServer: key.pleskServer, kind: person.kind, pleskId: person.pleskId },
          ...(person.owner.kind === 'reseller'
            ? [{ pleskServer: key.pleskServer, kind: 'reseller' as const, pleskId: person.owner.pleskId }]
            : []),
        ]
      : [];
  const domainOwner = (domain: PleskDomain): PleskPerson | null | undefined =>
    domain.owner.kind === 'admin' ? null : context.persons.get(id(domain.owner.kind, domain.owner.pleskId));
  if (key.kind === 'reseller' || key.kind === 'client') {
    const person = context.persons.get(id(key.kind, key.pleskId));
    return person ? { derived: deriveReseller(person), owners: [] } : gone;
  }
  if (key.kind === 'domain') {
    const domain = context.domains.get(key.pleskId);
    const owner = domain && domainOwner(domain);
    if (!domain || owner === undefined) return gone;
    return {
      derived: deriveClient(domain, owner),
      owners: ownersOf(owner),
      ...(owner ? { parent: { kind: owner.kind, pleskId: owner.pleskId } } : {}),
    };
  }
  const mailbox = context.mailboxes.get(key.pleskId);
  const domain = mailbox && context.domains.get(mailbox.domainId);
  const owner = domain && domainOwner(domain);
  if (!mailbox || !domain || owner === undefined) return gone;
  return { derived: deriveExtension(mailbox, domain, owner), owners: ownersOf(owner), parent: { kind: 'domain', pleskId: domain.pleskId } };
}
