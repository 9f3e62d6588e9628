/**
 * Replicating one account: read it from Plesk, find its VoipNow parent, derive the data, adopt
 * the VoipNow object an earlier try made or create it, and record the link. One activity, so the
 * link is written where the VoipNow object is confirmed (docs/decisions/004-exactly-once.md).
 */
import { Context } from '@temporalio/activity';
import {
  SyncError,
  VOIPNOW_KIND_OF,
  chooseTemplate,
  deriveClient,
  deriveExtension,
  deriveReseller,
  generatePassword,
  needsTemplateList,
  parseMailboxPleskId,
  reasonText,
  voipnowTag,
  waitsForChange,
  type AccountKey,
  type AccountKind,
  type DerivedAccount,
  type PleskPerson,
  type TemplateDecision,
  type VoipnowKind,
} from '../domain';
import type { ServerSettings } from '../db/settings';
import { unblock } from '../db/snapshot';
import type { ReplicateInput, ReplicateResult } from '../domain/workflow-types';
import { closeAbandonedAttempts, endTry, openAttempt } from '../db/attempts';
import { findLink, saveLink } from '../db/links';
import { addLog } from '../db/log';
import type { ActivityDeps } from './deps';
import { toApplicationFailure, toSyncError } from './failures';
import { withHeartbeat } from './heartbeat';
import type { ConnectorSet, VoipnowObject } from './ports';

export interface Plan {
  derived: DerivedAccount;
  parent?: { kind: AccountKind; pleskId: string };
  voipnowParentId?: number;
  /** The VoipNow parent's own parent (a domain's reseller, for a mailbox's extension). */
  voipnowGrandparentId?: number;
  /** The Plesk resellers and clients above the account, nearest first (whose template preferences apply). */
  owners: AccountKey[];
}

const ADMIN_OWNER: PleskPerson = {
  kind: 'reseller',
  pleskId: 'admin',
  login: 'admin',
  contact: { name: '', company: '', email: '', phone: '', fax: '', address: '', city: '', state: '', pcode: '', country: '' },
};

export async function replicate(deps: ActivityDeps, input: ReplicateInput): Promise<ReplicateResult> {
  const { key } = input;
  const info = Context.current().info;
  const execution = { workflowId: info.workflowExecution?.workflowId ?? 'none', runId: info.workflowExecution?.runId ?? 'none' };
  const existing = await findLink(deps.db, key);
  if (existing) {
    // A try of this workflow killed between writing the link and closing its attempt row left
    // the row "running": the link proves it succeeded, so close it as such and write the log
    // line it never wrote. Without this, no later try ever closes it (found by the worker-kill test).
    const completed = await closeAbandonedAttempts(deps.db, key, execution.workflowId, existing);
    if (completed.length > 0) {
      await unblock(deps.db, key.pleskServer, key.kind, key.pleskId);
      await addLog(deps.db, {
        level: 'info',
        event: 'replicate',
        key,
        message: `${describeAccount(key)} linked to VoipNow ${existing.voipnowKind} #${existing.voipnowId} (the worker stopped before it recorded this try)`,
        ...execution,
      });
    }
    return { outcome: 'alreadyLinked', voipnowKind: existing.voipnowKind, voipnowId: existing.voipnowId };
  }

  const attempt = await openAttempt(deps.db, { key, operation: 'replicate', ...execution, activityAttempt: info.attempt });
  try {
    const { settings, connectors } = await deps.server(key.pleskServer);
    const result = await withHeartbeat(async () => {
      const plan = await planReplication(deps, connectors, key);
      const voipnowKind = VOIPNOW_KIND_OF[key.kind];
      const template = await decideTemplate(deps, settings, connectors, input, plan, voipnowKind);
      const tag = voipnowTag(settings.soapTag, key);
      const password = plan.derived.password ?? generatePassword(plan.derived.data.login, deps.randomBytes);
      let object = await connectors.voipnow.findByTag(voipnowKind, tag);
      let outcome: ReplicateResult['outcome'] = 'adopted';
      if (object) {
        // An earlier try created it and its answer was lost: adopt it and make its password ours.
        await connectors.voipnow.setPassword(voipnowKind, object.id, password);
      } else {
        ({ object, outcome } = await createOrExplain(connectors, voipnowKind, {
          ...plan.derived.data,
          password,
          tag,
          ...(plan.voipnowParentId !== undefined ? { parentId: plan.voipnowParentId } : {}),
          ...(template.templateId !== undefined ? { templateId: template.templateId } : {}),
        }));
      }
      const passwordEnc = deps.box.seal(password);
      const link = await saveLink(deps.db, {
        key,
        voipnowKind,
        voipnowId: object.id,
        voipnowLogin: object.login,
        origin: 'replicated',
        ...(plan.parent ? { parent: plan.parent } : {}),
        ...(plan.voipnowParentId !== undefined ? { voipnowParentId: plan.voipnowParentId } : {}),
        passwordEnc,
        ...(template.templateName ? { templateName: template.templateName } : {}),
        workflowId: execution.workflowId,
      }, { knownAbsent: true });
      if (link.passwordEnc !== passwordEnc && link.passwordEnc) {
        // Another try of this account linked it while this one ran (a stalled worker's try woke
        // up next to its retry; found by the worker-stall test), and this try may have set
        // VoipNow's password after that one did. The stored password is the one that must work,
        // so it goes to VoipNow again: whichever try writes last, VoipNow ends with it.
        await connectors.voipnow.setPassword(voipnowKind, object.id, deps.box.open(link.passwordEnc));
      }
      return { outcome, voipnowKind, voipnowId: object.id, source: plan.derived.contactSource, templateName: template.templateName };
    }, { step: 'replicate' });
    const templateText = result.templateName ? `template ${result.templateName}` : 'no template';
    await endTry(deps.db, {
      attemptId: attempt.id,
      key,
      outcome: 'succeeded',
      waiting: 'unblock',
      log: {
        level: 'info',
        event: 'replicate',
        message: `${describeAccount(key)} ${result.outcome === 'created' ? 'replicated as' : 'adopted existing'} VoipNow ${result.voipnowKind} #${result.voipnowId} (contact data from ${result.source}, ${templateText})`,
        ...execution,
      },
    });
    return {
      outcome: result.outcome,
      voipnowKind: result.voipnowKind,
      voipnowId: result.voipnowId,
      ...(result.templateName ? { templateName: result.templateName } : {}),
    };
  } catch (caught) {
    const error = toSyncError(caught);
    await endTry(deps.db, {
      attemptId: attempt.id,
      key,
      outcome: error.retryable ? 'retrying' : 'failed',
      reasonType: error.reason,
      reasonText: reasonText(error.reason),
      // Automatic replication waits for the account's data to change before trying it again.
      ...(waitsForChange(error.reason) ? { waiting: 'block' as const } : {}),
      log: {
        level: error.retryable ? 'warning' : 'error',
        event: 'replicate',
        message: `${describeAccount(key)}: ${error.describe()}${error.retryable ? ' (will retry)' : ''}`,
        reasonType: error.reason,
        ...execution,
      },
    });
    throw toApplicationFailure(error);
  }
}

async function createOrExplain(
  connectors: ConnectorSet,
  kind: VoipnowObject['kind'],
  account: Parameters<ConnectorSet['voipnow']['create']>[1],
): Promise<{ object: VoipnowObject; outcome: 'created' | 'adopted' }> {
  try {
    return { object: await connectors.voipnow.create(kind, account), outcome: 'created' };
  } catch (error) {
    // A duplicate login that carries our tag is ours after all (a race with another try): adopt
    // it like one found by its tag, with the password this try stores.
    if (error instanceof SyncError && error.serverCode === 200) {
      const holder = await connectors.voipnow.findByLogin(kind, account.login);
      if (holder && holder.tag === account.tag) {
        await connectors.voipnow.setPassword(kind, holder.id, account.password);
        return { object: holder, outcome: 'adopted' };
      }
      throw new SyncError('loginTaken', { serverCode: 200, ...(error.serverMessage ? { serverMessage: error.serverMessage } : {}) });
    }
    throw error;
  }
}

export async function planReplication(deps: ActivityDeps, connectors: ConnectorSet, key: AccountKey): Promise<Plan> {
  const { plesk } = connectors;
  switch (key.kind) {
    case 'reseller':
    case 'client': {
      const person = await plesk.getPerson(key.kind, key.pleskId);
      if (!person) throw new SyncError('pleskAccountNotFound');
      // VoipNow 2.x resellers all sit under the admin; the Plesk owner is recorded for moves.
      const owner = person.owner?.kind === 'reseller' && person.owner.pleskId ? { kind: 'reseller' as const, pleskId: person.owner.pleskId } : undefined;
      return { derived: deriveReseller(person), owners: [], ...(owner ? { parent: owner } : {}) };
    }
    case 'domain': {
      const domain = await plesk.getDomain(key.pleskId);
      if (!domain) throw new SyncError('pleskAccountNotFound');
      if (domain.owner.kind === 'admin' || !domain.owner.pleskId) return { derived: deriveClient(domain, ADMIN_OWNER), owners: [] };
      const ownerKey = { pleskServer: key.pleskServer, kind: domain.owner.kind, pleskId: domain.owner.pleskId };
      const owner = await plesk.getPerson(domain.owner.kind, domain.owner.pleskId);
      if (!owner) throw new SyncError('pleskAccountNotFound', { message: `The owner of domain ${domain.name} no longer exists in Plesk` });
      return { derived: deriveClient(domain, owner), owners: ownersOf(key.pleskServer, owner), ...(await parentOf(deps, ownerKey)) };
    }
    case 'mailbox': {
      const { domainId, mailNameId } = parseMailboxPleskId(key.pleskId);
      const [mailbox, domain] = await Promise.all([plesk.getMailbox(domainId, mailNameId), plesk.getDomain(domainId)]);
      if (!mailbox || !domain) throw new SyncError('pleskAccountNotFound');
      const owner =
        domain.owner.kind === 'admin' || !domain.owner.pleskId ? ADMIN_OWNER : await plesk.getPerson(domain.owner.kind, domain.owner.pleskId);
      if (!owner) throw new SyncError('pleskAccountNotFound', { message: `The owner of domain ${domain.name} no longer exists in Plesk` });
      const domainKey = { pleskServer: key.pleskServer, kind: 'domain' as const, pleskId: domainId };
      const owners = owner === ADMIN_OWNER ? [] : ownersOf(key.pleskServer, owner);
      return { derived: deriveExtension(mailbox, domain, owner), owners, ...(await parentOf(deps, domainKey)) };
    }
  }
}

/** The VoipNow parent of an account: its Plesk parent must be linked first (spec section 1). */
async function parentOf(deps: ActivityDeps, parentKey: AccountKey): Promise<Pick<Plan, 'parent' | 'voipnowParentId' | 'voipnowGrandparentId'>> {
  const link = await findLink(deps.db, parentKey);
  if (!link) {
    throw new SyncError('invalidParent', {
      message: `${reasonText('invalidParent')} The ${parentKey.kind} ${parentKey.pleskId} that owns it is not replicated yet.`,
    });
  }
  return {
    parent: { kind: parentKey.kind, pleskId: parentKey.pleskId },
    voipnowParentId: link.voipnowId,
    ...(link.voipnowParentId !== null ? { voipnowGrandparentId: link.voipnowParentId } : {}),
  };
}

/** A client and the reseller owning it (nearest first): whose template preferences apply below. */
function ownersOf(pleskServer: string, person: PleskPerson): AccountKey[] {
  const chain: AccountKey[] = [{ pleskServer, kind: person.kind, pleskId: person.pleskId }];
  if (person.owner?.kind === 'reseller' && person.owner.pleskId) chain.push({ pleskServer, kind: 'reseller', pleskId: person.owner.pleskId });
  return chain;
}

async function decideTemplate(
  deps: ActivityDeps,
  settings: ServerSettings,
  connectors: ConnectorSet,
  input: ReplicateInput,
  plan: Plan,
  level: VoipnowKind,
): Promise<TemplateDecision> {
  let configured: string | undefined;
  if (input.mode === 'manual') {
    configured = settings.manualTemplates[level];
  } else {
    configured = settings.autoTemplates[level];
    if (settings.allowCustomerTemplates && level !== 'reseller' && plan.owners.length > 0) {
      const preferences = await deps.db.templatePreference.findMany({
        where: { pleskServer: input.key.pleskServer, level, OR: plan.owners.map((o) => ({ accountKind: o.kind, pleskId: o.pleskId })) },
      });
      const nearest = plan.owners.map((o) => preferences.find((p) => p.accountKind === o.kind && p.pleskId === o.pleskId)).find(Boolean);
      if (nearest) configured = nearest.templateName;
    }
  }
  const request = {
    mode: input.mode,
    ...(configured ? { configured } : {}),
    ...(input.template ? { requested: input.template } : {}),
    ...(input.confirmNoTemplate ? { confirmNoTemplate: true } : {}),
  };
  const available = needsTemplateList(request) ? await templatesOfParent(connectors, level, plan) : [];
  return chooseTemplate(request, available);
}

/**
 * The templates the VoipNow parent can give a new account: its own and those of the accounts
 * above it up to the admin (VoipNow lets an account use its ancestors' templates), nearest first,
 * so a name found in the parent wins over the same name higher up.
 */
async function templatesOfParent(connectors: ConnectorSet, level: VoipnowKind, plan: Plan) {
  const owners = level === 'reseller' ? [] : [plan.voipnowParentId, plan.voipnowGrandparentId].filter((id): id is number => id !== undefined);
  const lists = await Promise.all([...owners.map((owner) => connectors.voipnow.templates(level, owner)), connectors.voipnow.templates(level)]);
  return lists.flat();
}

function describeAccount(key: AccountKey): string {
  return `Plesk ${key.kind} ${key.pleskId}`;
}

