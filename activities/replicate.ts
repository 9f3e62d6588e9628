/**
 * Replicating one account, in named steps: recover a try whose worker died after linking; plan
 * (read Plesk, find the VoipNow parent, derive the data: plan.ts); choose the template; create the
 * VoipNow account or adopt the one an earlier try made; link it; align the password when another
 * try linked first. One activity, so the link is written where the VoipNow account is confirmed
 * (docs/decisions/004-exactly-once.md).
 */
import type { VoipnowClient } from '../connectors/voipnow';
import { closeAbandonedAttempts, hadOurReplicateTry } from '../db/attempts';
import { clearUnlinked, unlinkedState } from '../db/baseline';
import { findLink, saveLink, type AccountLink } from '../db/links';
import { addLog } from '../db/log';
import type { ServerSettings } from '../db/settings';
import { unblock } from '../db/snapshot';
import { nearestPreference } from '../db/template-preferences';
import {
  SyncError,
  VOIPNOW_KIND_OF,
  DECISION_REASONS,
  chooseTemplate,
  generatePassword,
  needsTemplateList,
  placeRegion,
  templateOwner,
  reasonText,
  voipnowTag,
  waitsForChange,
  type AccountKey,
  type NewVoipnowAccount,
  type ReplicateInput,
  type ReplicateResult,
  type TemplateDecision,
  type VoipnowAccount,
  type VoipnowAccountData,
  type VoipnowKind,
} from '../domain';
import { Attempt, currentExecution } from './attempt';
import type { ActivityDeps } from './deps';
import { toApplicationFailure, toSyncError } from './failures';
import { withHeartbeat } from './heartbeat';
import { planReplication, type Plan } from './plan';

/** What one try did, for its log line and the workflow's result. */
interface Replicated {
  outcome: 'created' | 'adopted';
  account: VoipnowAccount;
  contactSource: Plan['derived']['contactSource'];
  templateName?: string;
}

export async function replicate(deps: ActivityDeps, input: ReplicateInput): Promise<ReplicateResult> {
  const recovered = await recoverAbandonedTry(deps, input.key);
  if (recovered) return recovered;
  const attempt = await Attempt.open(deps, input.key, 'replicate');
  const progress: TryProgress = {};
  try {
    const done = await withHeartbeat(() => replicateOnce(deps, input, attempt, progress), { step: 'replicate' });
    // An explicit replicate brings an account an admin unlinked back (bulk and automatic runs never take those).
    if (input.mode === 'manual') await clearUnlinked(deps.db, input.key.pleskServer, input.key.kind, input.key.pleskId);
    await attempt.succeed(successMessage(input.key, done), { unblock: true });
    const { kind, id } = done.account;
    return { outcome: done.outcome, voipnowKind: kind, voipnowId: id, ...(done.templateName ? { templateName: done.templateName } : {}) };
  } catch (caught) {
    const error = toSyncError(caught);
    if (DECISION_REASONS.includes(error.reason)) {
      // A question for the caller of a manual replication, not a failure: no attempt, no block.
      await attempt.withdraw();
      throw toApplicationFailure(error);
    }
    const other = await findLink(deps.db, input.key).catch(() => null);
    if (other && !isOwnLink(other, progress) && (await storedPasswordHolds(deps, other, progress))) {
      // Another try linked the account while this one ran (a stalled worker's try woke up next to
      // its retry; found by the worker-stall test): this try's failure changes nothing, and an
      // attempt list ending in "retrying" for a linked account would say otherwise.
      await attempt.succeed(
        `${describeAccount(input.key)} was linked to VoipNow ${other.voipnowKind} #${other.voipnowId} by another try meanwhile (this try: ${error.describe()})`,
        { unblock: true },
      );
      return { outcome: 'alreadyLinked', voipnowKind: other.voipnowKind, voipnowId: other.voipnowId };
    }
    const reason = { type: error.reason, text: reasonText(error.reason) };
    const message = `${describeAccount(input.key)}: ${error.describe()}${error.retryable ? ' (will retry)' : ''}`;
    // Automatic replication waits for the account's data to change before trying it again.
    const block = waitsForChange(error.reason);
    await (error.retryable ? attempt.retrying(reason, message, { block }) : attempt.fail(reason, message, { block }));
    throw toApplicationFailure(error);
  }
}

/** How far a try got: the password it may have given VoipNow (from the create or adopt on). */
interface TryProgress {
  passwordEnc?: string;
}

/** A link this try wrote itself carries its password; another try's carries that try's. */
function isOwnLink(link: AccountLink, progress: TryProgress): boolean {
  return progress.passwordEnc !== undefined && link.passwordEnc === progress.passwordEnc;
}

/**
 * Whether VoipNow has the password another try's link stores, after this try may have set its own
 * there: alignPassword sets it again (a failure leaves the try to be retried).
 */
async function storedPasswordHolds(deps: ActivityDeps, link: AccountLink, progress: TryProgress): Promise<boolean> {
  if (progress.passwordEnc === undefined) return true;
  try {
    const { connectors } = await deps.server(link.pleskServer);
    await alignPassword(deps, connectors.voipnow, { kind: link.voipnowKind, id: link.voipnowId }, link, progress.passwordEnc);
    return true;
  } catch {
    return false;
  }
}

/**
 * An account already linked needs nothing more. A try of this workflow killed between writing
 * the link and closing its attempt row left the row "running": the link proves it succeeded, so
 * it is closed as such, with the log line it never wrote (found by the worker-kill test).
 */
export async function recoverAbandonedTry(deps: ActivityDeps, key: AccountKey): Promise<ReplicateResult | undefined> {
  const link = await findLink(deps.db, key);
  if (!link) return undefined;
  const { workflowId, runId } = currentExecution();
  const completed = await closeAbandonedAttempts(deps.db, key, workflowId, link);
  if (completed.length > 0) {
    await unblock(deps.db, key.pleskServer, key.kind, key.pleskId);
    const message = `${describeAccount(key)} linked to VoipNow ${link.voipnowKind} #${link.voipnowId} (the worker stopped before it recorded this try)`;
    await addLog(deps.db, { level: 'info', event: 'replicate', key, message, workflowId, runId });
  }
  return { outcome: 'alreadyLinked', voipnowKind: link.voipnowKind, voipnowId: link.voipnowId };
}

async function replicateOnce(deps: ActivityDeps, input: ReplicateInput, attempt: Attempt, progress: TryProgress): Promise<Replicated> {
  const { key } = input;
  const { workflowId } = attempt.execution;
  const { settings, connectors } = await deps.server(key.pleskServer);
  const plan = await planReplication(deps, connectors.plesk, key, settings.loginSuffix);
  const template = await chooseTemplateFor(deps, settings, connectors.voipnow, input, plan);
  const password = plan.derived.password ?? generatePassword(plan.derived.data.login, deps.randomBytes);
  const wanted: NewVoipnowAccount = {
    ...(await withRegion(connectors.voipnow, plan.derived.data, plan.derived.state)),
    password,
    tag: voipnowTag(settings.soapTag, key),
    ...(plan.voipnowParentId !== undefined ? { parentId: plan.voipnowParentId } : {}),
    ...(template.templateId !== undefined ? { templateId: template.templateId } : {}),
  };
  // From here on VoipNow may hold this try's password.
  const passwordEnc = deps.box.seal(password);
  progress.passwordEnc = passwordEnc;
  const { account, outcome } = await createOrAdopt(connectors.voipnow, VOIPNOW_KIND_OF[key.kind], wanted, (tagged) =>
    mayAdopt(deps, input, attempt.id, tagged),
  );
  // No template: no permissions and every limit 0, set by us before the link says it is done (a
  // retry that adopts the account an earlier try made sets them again; the call is idempotent).
  if (template.templateId === undefined) await connectors.voipnow.clearPermissionsAndLimits(account.kind, account.id);
  const link = await linkReplicated(deps, {
    key,
    plan,
    account,
    passwordEnc,
    workflowId,
    ...(template.templateName ? { templateName: template.templateName } : {}),
  });
  await alignPassword(deps, connectors.voipnow, account, link, passwordEnc);
  return {
    outcome,
    account,
    contactSource: plan.derived.contactSource,
    ...(template.templateName ? { templateName: template.templateName } : {}),
  };
}

/**
 * The Plesk state as VoipNow's region of the account's country (PBX GetRegions, asked once per
 * country by the connector); the state stays in the notes only when no region matches. A country
 * VoipNow does not know has no regions (its own fault comes from the create).
 */
export async function withRegion(voipnow: VoipnowClient, data: VoipnowAccountData, state: string): Promise<VoipnowAccountData> {
  if (state === '' || data.country === '') return data;
  try {
    return placeRegion(data, state, await voipnow.regions(data.country));
  } catch (caught) {
    if (caught instanceof SyncError && !caught.retryable) return data;
    throw caught;
  }
}

/**
 * The template of the new account (domain/templates.ts decides): the caller's or the manual
 * setting in manual replication; in automatic and bulk replication the nearest owner's own choice
 * (when the settings allow it), else the automatic setting. Only templates the VoipNow parent
 * owns are used (issue 11 rule 5): not its ancestors' nor the admin's.
 */
export async function chooseTemplateFor(
  deps: ActivityDeps,
  settings: ServerSettings,
  voipnow: VoipnowClient,
  input: ReplicateInput,
  plan: Plan,
): Promise<TemplateDecision> {
  const level = VOIPNOW_KIND_OF[input.key.kind];
  const configured = await configuredTemplate(deps, settings, input, plan, level);
  const request = {
    mode: input.mode,
    ...(configured ? { configured } : {}),
    ...(input.template ? { requested: input.template } : {}),
    ...(input.confirmNoTemplate ? { confirmNoTemplate: true } : {}),
  };
  if (!needsTemplateList(request)) return chooseTemplate(request, []);
  return chooseTemplate(request, await voipnow.templatesOwnedBy(level, templateOwner(level, plan.voipnowParentId)));
}

async function configuredTemplate(
  deps: ActivityDeps,
  settings: ServerSettings,
  input: ReplicateInput,
  plan: Plan,
  level: VoipnowKind,
): Promise<string | undefined> {
  if (input.mode === 'manual') return settings.manualTemplates[level];
  if (!settings.allowCustomerTemplates || level === 'reseller') return settings.autoTemplates[level];
  return (await nearestPreference(deps.db, input.key.pleskServer, level, plan.owners)) ?? settings.autoTemplates[level];
}

/**
 * Adopting by tag is for exactly-once only: an earlier try of ours made the VoipNow account and
 * its answer was lost. That try left an attempt row (opened before VoipNow is called) after the
 * account's last unlink. A tagged account without such a try comes from an earlier link: the user
 * chooses (adopt it, or link to it by its ID); nothing is changed in VoipNow until then.
 */
async function mayAdopt(deps: ActivityDeps, input: ReplicateInput, attemptId: number, tagged: VoipnowAccount): Promise<void> {
  if (input.mode === 'manual' && input.adoptExisting) return;
  if (await hadOurReplicateTry(deps.db, input.key, attemptId)) return;
  const { pleskServer, kind, pleskId } = input.key;
  const unlinked = await unlinkedState(deps.db, pleskServer, kind, pleskId);
  const when = unlinked ? ` (unlinked by ${unlinked.unlinkedBy ?? 'an admin'} at ${unlinked.unlinkedAt.toISOString()})` : '';
  throw new SyncError('taggedFromEarlierLink', {
    message: `VoipNow ${tagged.kind} #${tagged.id} (${tagged.login}) was linked to this Plesk account before${when}. Choose: adopt it (replicate again with "adoptExisting": true), or link to it by its ID ${tagged.id}`,
    choices: [{ id: tagged.id, name: tagged.login }],
  });
}

/**
 * The VoipNow account carrying the account's tag if an earlier try made it (its answer was lost,
 * `mayAdopt` decides), adopted with this try's password; else a new one. A duplicate login that carries our tag is
 * ours after all (a race with another try): adopted the same way. Anyone else's is loginTaken.
 */
export async function createOrAdopt(
  voipnow: VoipnowClient,
  kind: VoipnowKind,
  wanted: NewVoipnowAccount,
  mayAdopt: (tagged: VoipnowAccount) => Promise<void> = async () => {},
): Promise<{ account: VoipnowAccount; outcome: 'created' | 'adopted' }> {
  const tagged = await voipnow.findByTag(kind, wanted.tag);
  if (tagged) {
    await mayAdopt(tagged);
    await voipnow.setPassword(kind, tagged.id, wanted.password);
    return { account: tagged, outcome: 'adopted' };
  }
  try {
    return { account: await voipnow.create(kind, wanted), outcome: 'created' };
  } catch (error) {
    if (!(error instanceof SyncError) || error.serverCode !== 200) throw error;
    const holder = await voipnow.findByLogin(kind, wanted.login);
    if (holder?.tag !== wanted.tag) {
      throw new SyncError('loginTaken', { serverCode: 200, ...(error.serverMessage ? { serverMessage: error.serverMessage } : {}) });
    }
    await mayAdopt(holder);
    await voipnow.setPassword(kind, holder.id, wanted.password);
    return { account: holder, outcome: 'adopted' };
  }
}

/** Records the link of a replicated account, with its password sealed (switching without SSO logs in with it). */
export function linkReplicated(
  deps: ActivityDeps,
  made: { key: AccountKey; plan: Plan; account: VoipnowAccount; passwordEnc: string; templateName?: string; workflowId: string },
): Promise<AccountLink> {
  const { key, plan, account } = made;
  return saveLink(
    deps.db,
    {
      key,
      voipnowKind: account.kind,
      voipnowId: account.id,
      voipnowLogin: account.login,
      origin: 'replicated',
      ...(plan.parent ? { parent: plan.parent } : {}),
      ...(plan.voipnowParentId !== undefined ? { voipnowParentId: plan.voipnowParentId } : {}),
      passwordEnc: made.passwordEnc,
      ...(made.templateName ? { templateName: made.templateName } : {}),
      workflowId: made.workflowId,
    },
    // Replication found no link a moment ago; the unique index still catches one written since.
    { knownAbsent: true },
  );
}

/**
 * Another try of this account linked it while this one ran (a stalled worker's try woke up next
 * to its retry; found by the worker-stall test), and this try may have set VoipNow's password
 * after that one did. The stored password is the one that must work, so it goes to VoipNow
 * again: whichever try writes last, VoipNow ends with it.
 */
export async function alignPassword(
  deps: Pick<ActivityDeps, 'box'>,
  voipnow: VoipnowClient,
  account: Pick<VoipnowAccount, 'kind' | 'id'>,
  link: Pick<AccountLink, 'passwordEnc'>,
  passwordEnc: string,
): Promise<void> {
  if (link.passwordEnc && link.passwordEnc !== passwordEnc)
    await voipnow.setPassword(account.kind, account.id, deps.box.open(link.passwordEnc));
}

function successMessage(key: AccountKey, done: Replicated): string {
  const how = done.outcome === 'created' ? 'replicated as' : 'adopted existing';
  const template = done.templateName ? `template ${done.templateName}` : 'no template';
  return `${describeAccount(key)} ${how} VoipNow ${done.account.kind} #${done.account.id} (contact data from ${done.contactSource}, ${template})`;
}

function describeAccount(key: AccountKey): string {
  return `Plesk ${key.kind} ${key.pleskId}`;
}
