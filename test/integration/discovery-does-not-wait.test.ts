/**
 * Issue 11 rule 11, "discovery never waits for a long automatic run": it starts the run and
 * returns; a run still going is left alone and takes what later scans add; discovery keeps its
 * rhythm meanwhile. A small estate and a slow VoipNow stand in for a 30,000-account run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink } from '../../db/links';
import { automaticReplicationWorkflowId } from '../../domain/workflow-ids';
import type { AccountKey } from '../../domain';
import { automaticRunDone, discoverOnce, switchAutomatic } from '../support/discovery';
import { pleskAdmin } from '../support/plesk-admin';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import { treeProgressQuery } from '../../workflows';

describe('discovery never waits for a long automatic run', () => {
  let stack: TestStack;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });
  const runHandle = () => stack.temporal.workflow.getHandle(automaticReplicationWorkflowId(stack.pleskServer));
  const runStatus = async () => (await runHandle().describe()).status.name;

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 6, seed: 4 } } });
    await switchAutomatic(stack, true);
    await discoverOnce(stack); // the first scan records the estate
  });
  afterAll(async () => stack?.close());

  it('starts the run and returns; the next discovery leaves the running run alone, and the run takes what that scan added', async () => {
    const plesk = pleskAdmin(stack.plesk);
    const owner = await plesk.addCustomer('owner-before');
    await discoverOnce(stack);
    await automaticRunDone(stack);
    expect(await findLink(stack.db, key('client', owner))).not.toBeNull();

    // Every VoipNow call takes 2 s: one account's replication takes several seconds.
    stack.voipnow.configure({ latencyMs: 2000 });
    const customer = await plesk.addCustomer('slow-customer');
    const domain = await plesk.addDomain('slow-domain.test', owner);
    const started = Date.now();
    expect(await discoverOnce(stack)).toMatchObject({ new: 2, replicationStarted: true });
    const firstTook = Date.now() - started;
    // Discovery is back while the run it started is still at work.
    expect(await runStatus()).toBe('RUNNING');

    // Once the run has passed the resellers and clients, Plesk gets a new customer.
    await waitFor(async () => (await runHandle().query(treeProgressQuery)).phase === 'domains', 60_000, 'the run to reach the domains');
    const later = await plesk.addCustomer('added-during-the-run');
    const again = Date.now();
    expect(await discoverOnce(stack)).toMatchObject({ new: 1, replicationStarted: false });
    const secondTook = Date.now() - again;
    expect(await runStatus()).toBe('RUNNING');
    expect(await findLink(stack.db, key('client', later))).toBeNull();

    // The run still going takes it: no further discovery is needed.
    await automaticRunDone(stack);
    for (const k of [key('client', customer), key('domain', domain), key('client', later)])
      expect(await findLink(stack.db, k)).not.toBeNull();
    console.log(`discovery took ${firstTook} ms and ${secondTook} ms while the automatic run ran`);
  }, 120_000);
});
