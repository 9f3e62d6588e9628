import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink } from '../../db/links';
import { listLog } from '../../db/log';
import type { AccountKey } from '../../domain';
import { linkAccount, moveAccount, replicateTree, unlinkAccount } from '../../workflows';
import { bulkWorkflowId, linkWorkflowId, moveWorkflowId, unlinkWorkflowId } from '../../domain/workflow-ids';
import { discoverAndReplicate, switchAutomatic } from '../support/discovery';
import { pleskAdmin } from '../support/plesk-admin';
import { attemptsOf, outcomeOf, replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';

/** Discovery, moves, unlinking and linking, against the real worker, Temporal and simulators. */
describe('the life of linked accounts', () => {
  let stack: TestStack;
  let plesk: ReturnType<typeof pleskAdmin>;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });
  // Discovery and the automatic replication it starts (discovery itself does not wait for it).
  const discover = () => discoverAndReplicate(stack);
  const run = <T>(workflow: (input: T) => Promise<unknown>, workflowId: string, input: T) =>
    outcomeOf(stack.temporal.workflow.execute(workflow as never, { taskQueue: stack.taskQueue, workflowId, args: [input] as never }));

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 40, seed: 11 } } });
    plesk = pleskAdmin(stack.plesk);
    // What an admin does first: automatic replication on for the accounts added from now on.
    await switchAutomatic(stack, true);
  });
  afterAll(async () => stack?.close());

  it('a bulk replication after the first discovery replicates the estate parents first; then discovery finds nothing new and starts nothing', async () => {
    // The first scan records the estate and replicates nothing (issue 11): the admin replicates it in bulk.
    const first = await discover();
    expect(first).toMatchObject({ new: first.accounts, replicationStarted: false });
    await stack.temporal.workflow.execute(replicateTree, {
      taskQueue: stack.taskQueue,
      workflowId: bulkWorkflowId(stack.pleskServer),
      args: [{ pleskServer: stack.pleskServer, scope: { kind: 'all' }, mode: 'bulk' }],
    });
    const links = await stack.db.accountLink.count({ where: { pleskServer: stack.pleskServer } });
    expect(links).toBeGreaterThan(first.accounts / 2);
    // No account was tried before its parent: no "Invalid parent client id." anywhere.
    expect(await stack.db.attempt.count({ where: { pleskServer: stack.pleskServer, reasonType: 'invalidParent' } })).toBe(0);

    const attemptsBefore = await stack.db.attempt.count({ where: { pleskServer: stack.pleskServer } });
    const second = await discover();
    expect(second).toMatchObject({ new: 0, changed: 0, moved: 0, vanished: 0, replicationStarted: false });
    expect(await stack.db.attempt.count({ where: { pleskServer: stack.pleskServer } })).toBe(attemptsBefore);
  });

  it('an account that failed with a data error waits for its data to change, then is replicated automatically', async () => {
    const id = await plesk.addCustomer('waits-for-fix', { contact: { email: 'broken email' } });
    await discover();
    expect(await attemptsOf(stack, key('client', id))).toEqual([
      expect.objectContaining({ outcome: 'failed', reasonType: 'invalidEmail' }),
    ]);
    await discover();
    expect(await attemptsOf(stack, key('client', id))).toHaveLength(1);
    await plesk.call('PATCH', `customers/${id}`, { contact: { email: 'fixed@example.com' } });
    expect(await discover()).toMatchObject({ changed: 1, replicationStarted: true });
    expect(await findLink(stack.db, key('client', id))).not.toBeNull();
  });

  it('follows a domain moved to another client in Plesk with a move in VoipNow, found by discovery', async () => {
    const a = await plesk.addCustomer('move-from');
    const b = await plesk.addCustomer('move-to');
    const domain = await plesk.addDomain('moving-domain.test', a);
    await discover();
    const linkB = await findLink(stack.db, key('client', b));
    const before = await findLink(stack.db, key('domain', domain));
    expect(before).toMatchObject({ parentKind: 'client', parentPleskId: a });

    await plesk.call('POST', `domains/${domain}/move`, { ownerId: Number(b) });
    expect(await discover()).toMatchObject({ moved: 1 });
    const after = await findLink(stack.db, key('domain', domain));
    expect(after).toMatchObject({
      parentKind: 'client',
      parentPleskId: b,
      voipnowId: before!.voipnowId,
      voipnowParentId: linkB!.voipnowId,
    });
    expect(stack.voipnow.state.account(before!.voipnowId)?.parentID).toBe(linkB!.voipnowId);
    expect((await listLog(stack.db, { key: key('domain', domain) }))[0]).toMatchObject({ event: 'move', level: 'info' });
  });

  it('undoes a move whose VoipNow step fails, and says so', async () => {
    const a = await plesk.addCustomer('undo-from');
    const b = await plesk.addCustomer('undo-to');
    const domain = await plesk.addDomain('undo-domain.test', a);
    await discover();
    const before = await findLink(stack.db, key('domain', domain));
    // The new owner's VoipNow reseller disappears behind our back: VoipNow refuses the move.
    const linkB = await findLink(stack.db, key('client', b));
    stack.voipnow.state.removeAccounts([linkB!.voipnowId]);
    await plesk.call('POST', `domains/${domain}/move`, { ownerId: Number(b) });

    const outcome = await run(moveAccount, moveWorkflowId(key('domain', domain)), { key: key('domain', domain) });
    expect(outcome.ok).toBe(false);
    const restored = await findLink(stack.db, key('domain', domain));
    expect(restored).toMatchObject({ parentPleskId: a, voipnowId: before!.voipnowId, voipnowParentId: before!.voipnowParentId });
    expect(stack.voipnow.state.account(before!.voipnowId)?.parentID).toBe(before!.voipnowParentId);
    const log = await listLog(stack.db, { key: key('domain', domain) });
    expect(log[0]).toMatchObject({ event: 'move', level: 'error' });
    expect(log[0]?.message).toContain('failed and was undone');
  });

  it('a recursive unlink removes every link below, deletes nothing in VoipNow, and relinking works', async () => {
    const owner = await plesk.addCustomer('unlink-me');
    const domain = await plesk.addDomain('unlink-me.test', owner);
    const mailbox = await plesk.addMailbox(domain, 'info', 'Mailbox-Pass-77');
    await discover();
    const clientLink = (await findLink(stack.db, key('client', owner)))!;
    const mailboxKey = key('mailbox', `${domain}.${mailbox}`);
    expect(await findLink(stack.db, mailboxKey)).not.toBeNull();
    const voipnowCount = stack.voipnow.state.accounts.length;

    const unlinked = await run(unlinkAccount, unlinkWorkflowId(key('client', owner)), { key: key('client', owner), recursive: true });
    expect(unlinked).toMatchObject({ ok: true, result: { unlinked: 3 } });
    for (const k of [key('client', owner), key('domain', domain), mailboxKey]) expect(await findLink(stack.db, k)).toBeNull();
    expect(stack.voipnow.state.accounts.length).toBe(voipnowCount);

    // Relink: the client by hand to its VoipNow reseller; the rest is adopted when the user chooses
    // to (issue 11: never silently), not created again.
    expect(
      await run(linkAccount, linkWorkflowId(key('client', owner)), { key: key('client', owner), voipnowId: clientLink.voipnowId }),
    ).toMatchObject({ ok: true });
    expect(await replicate(stack, key('domain', domain), 'manual')).toMatchObject({ ok: false, type: 'taggedFromEarlierLink' });
    const adopt = { adoptExisting: true };
    expect(await replicate(stack, key('domain', domain), 'manual', adopt)).toMatchObject({ ok: true, result: { outcome: 'adopted' } });
    expect(await replicate(stack, mailboxKey, 'manual', adopt)).toMatchObject({ ok: true, result: { outcome: 'adopted' } });
    expect(stack.voipnow.state.accounts.length).toBe(voipnowCount);
    expect((await findLink(stack.db, key('client', owner)))?.origin).toBe('linked');
  });

  it('links only to a VoipNow account that exists, is of the right kind and sits under the linked parent', async () => {
    const owner = await plesk.addCustomer('link-checks');
    const other = await plesk.addCustomer('link-other');
    await discover();
    const domain = await plesk.addDomain('link-checks.test', owner);
    const ownerLink = (await findLink(stack.db, key('client', owner)))!;
    const otherLink = (await findLink(stack.db, key('client', other)))!;
    const voipnowClient = stack.voipnow.seed({ accounts: [{ kind: 'client', login: 'made-in-voipnow', parent: otherLink.voipnowId }] })
      .accounts[0]!;
    const link = (voipnowId: number) =>
      run(linkAccount, `${linkWorkflowId(key('domain', domain))}-${voipnowId}`, { key: key('domain', domain), voipnowId });

    expect(await link(999_999)).toMatchObject({ ok: false, type: 'linkTargetInvalid' });
    expect(await link(ownerLink.voipnowId)).toMatchObject({ ok: false, type: 'linkTargetInvalid' }); // a reseller, not a client
    const wrongParent = await link(voipnowClient.ID);
    expect(wrongParent).toMatchObject({ ok: false, type: 'linkTargetInvalid' });
    expect(wrongParent.ok ? '' : wrongParent.message).toContain('is not under');

    const right = stack.voipnow.seed({ accounts: [{ kind: 'client', login: 'made-in-voipnow-2', parent: ownerLink.voipnowId }] })
      .accounts[0]!;
    expect(await link(right.ID)).toMatchObject({ ok: true });
    expect(await findLink(stack.db, key('domain', domain))).toMatchObject({ origin: 'linked', voipnowId: right.ID, passwordEnc: null });
  });

  it('logs an account that vanished from Plesk and leaves its VoipNow account alone', async () => {
    const id = await plesk.addCustomer('soon-gone');
    await discover();
    const link = (await findLink(stack.db, key('client', id)))!;
    await plesk.call('DELETE', `customers/${id}`);
    expect(await discover()).toMatchObject({ vanished: 1 });
    expect(stack.voipnow.state.account(link.voipnowId)).toBeDefined();
    expect((await listLog(stack.db, { key: key('client', id) }))[0]).toMatchObject({ event: 'vanish', level: 'warning' });
    expect(
      (await stack.db.pleskAccount.findFirst({ where: { pleskServer: stack.pleskServer, kind: 'client', pleskId: id } }))?.vanishedAt,
    ).not.toBeNull();
  });
});
